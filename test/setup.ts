import chai from 'chai';

// Show whole objects in failed deep-equal assertions.
chai.config.truncateThreshold = 0;
process.env.SHOPCAST_LOG_LEVEL ??= 'silent';
// One settings key for the whole run, inherited by spawned services: a secret a test saves
// in-process must open in the service it starts, and nothing is written into ./data.
process.env.SHOPCAST_SECRET_KEY ??= '5e'.repeat(32);
