<?php
/**
 * Turns a PrestaShop hook call into one row of the event outbox (PREFIX_shopcast_event_outbox),
 * the only thing a hook writes. The service claims the rows, loads the order and customer from
 * the shop's tables and sends; a row waits there for as long as the service is down.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastException.php';

class ShopcastOutbox
{
    /**
     * Hook => event name. The notification service matches rules on these exact names.
     *
     * @var array<string, string>
     */
    public static $events = array(
        'actionOrderStatusPostUpdate' => 'order_state',
        'actionPaymentConfirmation' => 'payment_confirmation',
        'actionValidateOrder' => 'order_validated',
        'actionCustomerAccountAdd' => 'customer_account_created',
        'actionAdminOrdersTrackingNumberUpdate' => 'tracking_number_updated',
        'actionOrderSlipAdd' => 'order_slip_added',
        'actionOrderEdited' => 'order_edited',
        'actionOrderReturn' => 'order_return',
    );

    /**
     * The row for one hook call, or null when the hook's parameters name no order or customer
     * (a third-party module dispatching the hook without them).
     *
     * @param string $hookName
     * @param array $params the hook's parameters, as PrestaShop passes them
     * @param int $idShopFallback context shop, for events whose objects do not carry one
     *
     * @return array|null
     */
    public static function eventFromHook($hookName, array $params, $idShopFallback)
    {
        if (!isset(self::$events[$hookName])) {
            return null;
        }
        $details = self::detailsFromHook($hookName, $params);
        if ($details === null) {
            return null;
        }
        $order = $details['order'];
        $customer = $details['customer'];
        $idShop = $order ? (int) $order->id_shop : ($customer ? (int) $customer->id_shop : 0);

        return array(
            'event' => self::$events[$hookName],
            'id_shop' => $idShop > 0 ? $idShop : (int) $idShopFallback,
            'id_order' => $order ? (int) $order->id : null,
            'id_customer' => $order ? (int) $order->id_customer : ($customer ? (int) $customer->id : null),
            'id_order_state' => $details['id_order_state'],
            'payload' => array_merge(array('hook' => $hookName), $details['payload']),
        );
    }

    /**
     * Writes the row; one INSERT, every value cast or escaped.
     *
     * @param array $event from eventFromHook()
     *
     * @return int id_event
     */
    public static function insert(array $event)
    {
        $db = Db::getInstance();
        $written = $db->insert('shopcast_event_outbox', array(
            'event' => pSQL($event['event']),
            'id_shop' => (int) $event['id_shop'],
            'id_order' => $event['id_order'] === null ? null : (int) $event['id_order'],
            'id_customer' => $event['id_customer'] === null ? null : (int) $event['id_customer'],
            'id_order_state' => $event['id_order_state'] === null ? null : (int) $event['id_order_state'],
            'payload' => pSQL(json_encode($event['payload'], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), true),
            'status' => 'pending',
            'created_at' => pSQL(gmdate('Y-m-d H:i:s')),
        ), true);
        if (!$written) {
            throw new ShopcastException('Could not write the Shopcast event: ' . $db->getMsgError());
        }

        return (int) $db->Insert_ID();
    }

    /**
     * What each hook carries (see PrestaShop's dispatch points): the order and/or customer the
     * event is about, the state reached when there is one, and the hook's own ids for the payload.
     *
     * @param string $hookName
     * @param array $params
     *
     * @return array|null
     */
    private static function detailsFromHook($hookName, array $params)
    {
        $order = null;
        $customer = null;
        $idOrderState = null;
        $payload = array();
        switch ($hookName) {
            case 'actionOrderStatusPostUpdate':
                $order = self::loadOrder(isset($params['id_order']) ? $params['id_order'] : 0);
                $idOrderState = self::objectId($params, 'newOrderStatus');
                // oldOrderStatus is passed since PrestaShop 8.0; 1.7.8 leaves it null.
                $payload = array('old_state' => self::objectId($params, 'oldOrderStatus'), 'new_state' => $idOrderState);
                break;
            case 'actionPaymentConfirmation':
                $order = self::loadOrder(isset($params['id_order']) ? $params['id_order'] : 0);
                break;
            case 'actionValidateOrder':
                $order = self::loadedObject($params, 'order');
                $idOrderState = self::objectId($params, 'orderStatus');
                $payload = array(
                    'id_cart' => self::objectId($params, 'cart'),
                    'id_currency' => self::objectId($params, 'currency'),
                    'new_state' => $idOrderState,
                );
                break;
            case 'actionCustomerAccountAdd':
                $customer = self::loadedObject($params, 'newCustomer');
                $payload = array('is_guest' => $customer ? (bool) $customer->is_guest : null);
                break;
            case 'actionAdminOrdersTrackingNumberUpdate':
                $order = self::loadedObject($params, 'order');
                $payload = array('id_carrier' => self::objectId($params, 'carrier'));
                break;
            case 'actionOrderReturn':
                $return = self::loadedObject($params, 'orderReturn');
                $order = $return ? self::loadOrder($return->id_order) : null;
                $payload = array('id_order_return' => $return ? (int) $return->id : null);
                break;
            default:
                // actionOrderSlipAdd and actionOrderEdited both pass the order.
                $order = self::loadedObject($params, 'order');
        }
        if ($order === null && $customer === null) {
            return null;
        }
        if ($order !== null) {
            $payload = array_merge(array('id_order' => (int) $order->id), $payload);
        } else {
            $payload = array_merge(array('id_customer' => (int) $customer->id), $payload);
        }

        return array('order' => $order, 'customer' => $customer, 'id_order_state' => $idOrderState, 'payload' => $payload);
    }

    /**
     * An order by id. PrestaShop has just loaded it in the same request (OrderHistory,
     * PaymentModule), so ObjectModel's cache usually answers without a query.
     *
     * @param int|string $idOrder
     *
     * @return Order|null
     */
    private static function loadOrder($idOrder)
    {
        if ((int) $idOrder <= 0) {
            return null;
        }
        $order = new Order((int) $idOrder);

        return Validate::isLoadedObject($order) ? $order : null;
    }

    /**
     * @param array $params
     * @param string $key
     *
     * @return object|null
     */
    private static function loadedObject(array $params, $key)
    {
        return isset($params[$key]) && Validate::isLoadedObject($params[$key]) ? $params[$key] : null;
    }

    /**
     * @param array $params
     * @param string $key
     *
     * @return int|null
     */
    private static function objectId(array $params, $key)
    {
        $object = self::loadedObject($params, $key);

        return $object ? (int) $object->id : null;
    }
}
