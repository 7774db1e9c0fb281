<?php
/**
 * A failure of Shopcast's own code (a migration, a missing table), with a message meant for the
 * merchant: install() and the configure page show it as is.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

class ShopcastException extends Exception
{
}
