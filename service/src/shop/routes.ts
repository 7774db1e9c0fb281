import { Router } from 'express';
import { visibleShops } from '../auth';
import type { AppContext, RouteSet } from '../http';
import { requestLang } from '../http';
import { readShopOptions } from './options';

/** GET /api/shop/options: shops, groups, countries and currency for the segment builder's lists. */
export function shopRoutes(ctx: AppContext): RouteSet {
  const admin = Router();
  admin.get('/shop/options', async (req, res) => {
    res.json(await readShopOptions(ctx.db, visibleShops(req), requestLang(req)));
  });
  return { admin };
}
