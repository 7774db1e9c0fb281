<?php
/**
 * The shop side of the end-to-end test: the module (installed on the database the service
 * uses) sees an order reach "Shipped", exactly as PrestaShop dispatches the hook. Arguments:
 * id_order id_customer. The service URL comes from SHOPCAST_TEST_SERVICE_URL.
 */
require __DIR__ . '/lib/bootstrap.php';

$module = shopcast_test_installed_module();
Configuration::updateGlobalValue('SHOPCAST_SERVICE_URL', getenv('SHOPCAST_TEST_SERVICE_URL'));
$idOrder = (int) $argv[1];
Order::make($idOrder, array('id_shop' => 1, 'id_customer' => (int) $argv[2], 'current_state' => 4));
Hook::exec('actionOrderStatusPostUpdate', array('newOrderStatus' => OrderState::make(4), 'oldOrderStatus' => OrderState::make(3), 'id_order' => $idOrder));
$rows = shopcast_test_rows('shopcast_event_outbox');
check_same(1, count($rows), 'the hook wrote one outbox row');
output_json(array('id_event' => (int) $rows[0]['id_event']));
