<?php
/**
 * Upgrade to 0.1.0. Every upgrade file does at least this: apply the SQL migrations the new
 * version ships (the migrator skips those already applied, whether by the module or by the
 * service) and make sure the shared secret exists.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

/**
 * @param Shopcast $module
 *
 * @return bool
 */
function upgrade_module_0_1_0($module)
{
    try {
        $module->applyMigrations();
        ShopcastSecret::ensure();
    } catch (Exception $e) {
        PrestaShopLogger::addLog('Shopcast upgrade to 0.1.0 failed: ' . $e->getMessage(), 3, null, 'Module', (int) $module->id, true);

        return false;
    }

    return true;
}
