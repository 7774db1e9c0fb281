<?php
/**
 * Stand-ins for the ObjectModel classes hooks pass or the module loads. `new Order($id)` reads
 * the fixtures a test registered, like ObjectModel reads its row.
 */
abstract class StubObjectModel
{
    public $id;

    public function __construct($id = null)
    {
        $fixtures = static::fixtures();
        if ($id !== null && isset($fixtures[(int) $id])) {
            foreach ($fixtures[(int) $id] as $field => $value) {
                $this->$field = $value;
            }
            $this->id = (int) $id;
        }
    }

    /** Registers a row and returns the loaded object. */
    public static function make($id, array $fields = array())
    {
        $rows = &static::fixtures();
        $rows[(int) $id] = $fields;

        return new static($id);
    }

    abstract protected static function &fixtures();
}

class Order extends StubObjectModel
{
    private static $rows = array();
    public $id_shop;
    public $id_customer;
    public $current_state;

    protected static function &fixtures()
    {
        return self::$rows;
    }
}

class Customer extends StubObjectModel
{
    private static $rows = array();
    public $id_shop;
    public $is_guest;

    protected static function &fixtures()
    {
        return self::$rows;
    }
}

class OrderReturn extends StubObjectModel
{
    private static $rows = array();
    public $id_order;
    public $id_customer;

    protected static function &fixtures()
    {
        return self::$rows;
    }
}

class OrderState extends StubObjectModel
{
    private static $rows = array();

    protected static function &fixtures()
    {
        return self::$rows;
    }
}

class Cart extends StubObjectModel
{
    private static $rows = array();

    protected static function &fixtures()
    {
        return self::$rows;
    }
}

class Currency extends StubObjectModel
{
    private static $rows = array();

    protected static function &fixtures()
    {
        return self::$rows;
    }
}

class Carrier extends StubObjectModel
{
    private static $rows = array();

    protected static function &fixtures()
    {
        return self::$rows;
    }
}
