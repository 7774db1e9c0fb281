<?php
/**
 * Each hook, dispatched through Hook::exec as PrestaShop does, writes exactly one outbox row
 * with the expected columns and payload, pings the service (SHOPCAST_TEST_SERVICE_URL), never
 * throws, and returns within the wake timeout whatever the service does. Timings and event ids
 * go to SHOPCAST_TEST_OUT for the mocha side, which checks the wake calls it received.
 */
require __DIR__ . '/lib/bootstrap.php';

$module = shopcast_test_installed_module();
Configuration::updateGlobalValue('SHOPCAST_SERVICE_URL', getenv('SHOPCAST_TEST_SERVICE_URL'));

$order = Order::make(101, array('id_shop' => 2, 'id_customer' => 55, 'current_state' => 3));
$customer = Customer::make(56, array('id_shop' => 3, 'is_guest' => 1));
$return = OrderReturn::make(9, array('id_order' => 101, 'id_customer' => 55));

$cases = array(
    array('actionOrderStatusPostUpdate', array('newOrderStatus' => OrderState::make(3), 'oldOrderStatus' => OrderState::make(2), 'id_order' => 101),
        array('order_state', 2, 101, 55, 3, array('id_order' => 101, 'old_state' => 2, 'new_state' => 3))),
    // PrestaShop 1.7.8 passes no oldOrderStatus.
    array('actionOrderStatusPostUpdate', array('newOrderStatus' => OrderState::make(4), 'id_order' => '101'),
        array('order_state', 2, 101, 55, 4, array('id_order' => 101, 'old_state' => null, 'new_state' => 4))),
    array('actionPaymentConfirmation', array('id_order' => 101),
        array('payment_confirmation', 2, 101, 55, null, array('id_order' => 101))),
    array('actionValidateOrder', array('order' => $order, 'customer' => Customer::make(55, array('id_shop' => 2)), 'cart' => Cart::make(77), 'currency' => Currency::make(1), 'orderStatus' => OrderState::make(10)),
        array('order_validated', 2, 101, 55, 10, array('id_order' => 101, 'id_cart' => 77, 'id_currency' => 1, 'new_state' => 10))),
    array('actionCustomerAccountAdd', array('newCustomer' => $customer),
        array('customer_account_created', 3, null, 56, null, array('id_customer' => 56, 'is_guest' => true))),
    array('actionAdminOrdersTrackingNumberUpdate', array('order' => $order, 'customer' => Customer::make(55), 'carrier' => Carrier::make(4)),
        array('tracking_number_updated', 2, 101, 55, null, array('id_order' => 101, 'id_carrier' => 4))),
    array('actionOrderSlipAdd', array('order' => $order, 'productList' => array(5, 6), 'qtyList' => array(1, 1)),
        array('order_slip_added', 2, 101, 55, null, array('id_order' => 101))),
    array('actionOrderEdited', array('order' => $order),
        array('order_edited', 2, 101, 55, null, array('id_order' => 101))),
    array('actionOrderReturn', array('orderReturn' => $return),
        array('order_return', 2, 101, 55, null, array('id_order' => 101, 'id_order_return' => 9))),
);

$results = array();
$started = microtime(true);
foreach ($cases as $case) {
    list($hook, $params, $expected) = $case;
    list($event, $idShop, $idOrder, $idCustomer, $idOrderState, $payload) = $expected;
    $before = count(shopcast_test_rows('shopcast_event_outbox'));
    $t0 = microtime(true);
    try {
        Hook::exec($hook, $params);
    } catch (Throwable $e) {
        check(false, $hook . ' threw ' . get_class($e) . ': ' . $e->getMessage());
    }
    $ms = (microtime(true) - $t0) * 1000;
    $rows = shopcast_test_rows('shopcast_event_outbox');
    check_same($before + 1, count($rows), $hook . ' writes exactly one row');
    $row = end($rows);
    check_same($event, $row['event'], $hook . ' event name');
    check_same((string) $idShop, $row['id_shop'], $hook . ' id_shop');
    check_same($idOrder === null ? null : (string) $idOrder, $row['id_order'], $hook . ' id_order');
    check_same($idCustomer === null ? null : (string) $idCustomer, $row['id_customer'], $hook . ' id_customer');
    check_same($idOrderState === null ? null : (string) $idOrderState, $row['id_order_state'], $hook . ' id_order_state');
    check_same(array_merge(array('hook' => $hook), $payload), json_decode($row['payload'], true), $hook . ' payload');
    check_same('pending', $row['status'], $hook . ' status');
    check(abs(strtotime($row['created_at'] . ' UTC') - time()) < 60, $hook . ' created_at is UTC now: ' . $row['created_at']);
    $results[] = array('hook' => $hook, 'event' => $event, 'id_event' => (int) $row['id_event'], 'id_shop' => $idShop, 'ms' => $ms);
}
$totalMs = (microtime(true) - $started) * 1000;

// A hook dispatched without its objects (another module's call) records nothing and says why.
$before = count(shopcast_test_rows('shopcast_event_outbox'));
Hook::exec('actionOrderEdited', array());
Hook::exec('actionPaymentConfirmation', array('id_order' => 999));
check_same($before, count(shopcast_test_rows('shopcast_event_outbox')), 'hooks without an order or customer write nothing');
$warned = array_filter(PrestaShopLogger::$logs, function ($log) {
    return strpos($log['message'], 'without the order or customer') !== false;
});
check_same(2, count($warned), 'each such call leaves a warning in the PrestaShop log');

$wakeLogs = array_values(array_filter(PrestaShopLogger::$logs, function ($log) {
    return strpos($log['message'], 'wake call') !== false;
}));
foreach ($wakeLogs as $log) {
    check($log['allow_duplicate'] === false, 'wake failures are logged without duplicates');
}
output_json(array('events' => $results, 'total_ms' => $totalMs, 'wake_logs' => $wakeLogs, 'secret' => ShopcastSecret::read()));
