{**
 * The service's admin page for one menu entry. The page runs on the service's origin; the
 * admin token travels in the URL fragment, which browsers never send to a server.
 *}
<div class="shopcast-embed" data-shopcast-page="{$shopcast_page|escape:'html':'UTF-8'}">
  <iframe src="{$shopcast_frame_url|escape:'html':'UTF-8'}"
          title="{l s='Shopcast' mod='shopcast'}"
          referrerpolicy="no-referrer"
          style="width: 100%; min-height: 80vh; border: 0;"></iframe>
</div>
