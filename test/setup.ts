import chai from 'chai';

// Show whole objects in failed deep-equal assertions.
chai.config.truncateThreshold = 0;
process.env.SHOPCAST_LOG_LEVEL ??= 'silent';
