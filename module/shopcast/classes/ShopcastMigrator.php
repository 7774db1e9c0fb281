<?php
/**
 * Applies Shopcast's SQL files (sql/NNN_name.sql, MySQL dialect, PREFIX_ placeholder) exactly as
 * the service's migrator does (service/src/db/migrate.ts): same ledger table, same version, name
 * and checksum (sha256 of the file's bytes), same statement split. Whichever side runs first,
 * the other then finds nothing pending, and an applied file that was edited is refused by both.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastException.php';

class ShopcastMigrator
{
    const FILE_PATTERN = '/^(\d{3})_([a-z0-9_]+)\.sql$/';

    /** @var string */
    private $sqlDir;

    /** @var string */
    private $prefix;

    /**
     * @param string $sqlDir folder holding the NNN_name.sql files
     * @param string $prefix live table prefix (_DB_PREFIX_)
     */
    public function __construct($sqlDir, $prefix)
    {
        if (!preg_match('/^[A-Za-z0-9_]*$/', $prefix)) {
            throw new ShopcastException(sprintf('Invalid table prefix "%s".', $prefix));
        }
        $this->sqlDir = $sqlDir;
        $this->prefix = $prefix;
    }

    /**
     * The module's own sql/ folder (filled by the packaging step), or the repository's sql/ when
     * the module runs from a checkout (tests, development): one set of files, never two copies.
     *
     * @param string $moduleDir
     *
     * @return string
     */
    public static function locateSqlDir($moduleDir)
    {
        $candidates = array($moduleDir . '/sql', dirname(dirname($moduleDir)) . '/sql');
        foreach ($candidates as $dir) {
            if (is_dir($dir) && glob($dir . '/000_*.sql')) {
                return $dir;
            }
        }
        throw new ShopcastException(sprintf('Shopcast SQL files not found in %s.', implode(' or ', $candidates)));
    }

    /**
     * Same rules as splitStatements() in service/src/db/ddl.ts: drops `-- ...` comments (a `--`
     * at a line start or after whitespace, followed by whitespace or the line end), then splits
     * on a `;` that ends a line. `[^\r]` stands for JavaScript's `.`, which never matches "\r".
     *
     * @param string $sql
     *
     * @return string[]
     */
    public static function splitStatements($sql)
    {
        $lines = explode("\n", $sql);
        foreach ($lines as $i => $line) {
            $lines[$i] = preg_replace('/(^|\s)--(\s[^\r]*)?$/D', '', $line);
        }
        $statements = array();
        foreach (preg_split('/;\s*(?:\n|$)/D', implode("\n", $lines)) as $statement) {
            $statement = trim($statement);
            if ($statement !== '') {
                $statements[] = $statement;
            }
        }

        return $statements;
    }

    /**
     * The ledger file and the migrations, in version order.
     *
     * @return array{ledger: array, migrations: array[]}
     */
    public function readMigrations()
    {
        $files = scandir($this->sqlDir);
        sort($files, SORT_STRING);
        $ledger = null;
        $migrations = array();
        foreach ($files as $file) {
            if (!preg_match(self::FILE_PATTERN, $file, $match)) {
                continue;
            }
            $text = file_get_contents($this->sqlDir . '/' . $file);
            $migration = array(
                'version' => (int) $match[1],
                'name' => $match[2],
                'file' => $file,
                'checksum' => hash('sha256', $text),
                'statements' => self::splitStatements($text),
            );
            if ($migration['version'] === 0) {
                $ledger = $migration;
            } elseif (isset($migrations[$migration['version']])) {
                throw new ShopcastException(sprintf('Two migrations share version %d.', $migration['version']));
            } else {
                $migrations[$migration['version']] = $migration;
            }
        }
        if ($ledger === null) {
            throw new ShopcastException(sprintf('No 000_*.sql ledger file in %s.', $this->sqlDir));
        }

        return array('ledger' => $ledger, 'migrations' => array_values($migrations));
    }

    /**
     * Applies every pending migration and records it in the ledger; a no-op when all are applied.
     * Holds the same named lock as the service, so the two never migrate at once.
     *
     * @return int[] versions applied now
     */
    public function migrate()
    {
        $files = $this->readMigrations();
        $db = Db::getInstance();
        $lock = 'shopcast_migrate_' . $this->prefix;
        if ((int) $db->getValue("SELECT GET_LOCK('" . pSQL($lock) . "', 60)", false) !== 1) {
            throw new ShopcastException('Another process is applying Shopcast migrations; try again in a minute.');
        }
        try {
            return $this->applyPending($files['ledger'], $files['migrations']);
        } finally {
            $db->getValue("SELECT RELEASE_LOCK('" . pSQL($lock) . "')", false);
        }
    }

    /**
     * Applied and pending versions, read without changing anything (the configure page).
     *
     * @return array{applied: int[], pending: int[]}
     */
    public function status()
    {
        $files = $this->readMigrations();
        $applied = $this->ledgerTableExists() ? array_keys($this->appliedChecksums()) : array();
        $pending = array();
        foreach ($files['migrations'] as $migration) {
            if (!in_array($migration['version'], $applied, true)) {
                $pending[] = $migration['version'];
            }
        }

        return array('applied' => $applied, 'pending' => $pending);
    }

    /**
     * @param array $ledger
     * @param array[] $migrations
     *
     * @return int[]
     */
    private function applyPending(array $ledger, array $migrations)
    {
        $this->run($ledger);
        $applied = $this->appliedChecksums();
        $done = array();
        foreach ($migrations as $migration) {
            if (isset($applied[$migration['version']])) {
                if ($applied[$migration['version']] !== $migration['checksum']) {
                    throw new ShopcastException(sprintf('Migration %s was changed after it was applied; add a new migration instead.', $migration['file']));
                }
                continue;
            }
            $this->run($migration);
            $recorded = Db::getInstance()->insert('shopcast_migration', array(
                'version' => (int) $migration['version'],
                'name' => pSQL($migration['name']),
                'checksum' => pSQL($migration['checksum']),
                'applied_at' => pSQL(gmdate('Y-m-d H:i:s')),
            ));
            if (!$recorded) {
                throw new ShopcastException(sprintf('Could not record migration %s: %s', $migration['file'], Db::getInstance()->getMsgError()));
            }
            $done[] = $migration['version'];
        }

        return $done;
    }

    /**
     * @param array $migration
     */
    private function run(array $migration)
    {
        $db = Db::getInstance();
        foreach ($migration['statements'] as $statement) {
            if (!$db->execute(str_replace('PREFIX_', $this->prefix, $statement), false)) {
                throw new ShopcastException(sprintf('Migration %s failed: %s', $migration['file'], $db->getMsgError()));
            }
        }
    }

    /**
     * @return array<int, string> version => checksum
     */
    private function appliedChecksums()
    {
        $rows = Db::getInstance()->executeS('SELECT `version`, `checksum` FROM `' . $this->prefix . 'shopcast_migration`', true, false);
        $applied = array();
        foreach ((array) $rows as $row) {
            $applied[(int) $row['version']] = $row['checksum'];
        }

        return $applied;
    }

    /**
     * @return bool
     */
    private function ledgerTableExists()
    {
        $like = str_replace(array('\\', '_', '%'), array('\\\\', '\\_', '\\%'), $this->prefix . 'shopcast_migration');

        return (bool) Db::getInstance()->executeS("SHOW TABLES LIKE '" . pSQL($like) . "'", true, false);
    }
}
