module.exports = require('../jest.config.base.cjs')(__dirname, {
  roots: ['<rootDir>'],
  testTimeout: 180_000,
});
