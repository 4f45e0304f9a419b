// The node test environment, plus one guarantee: service processes a test file started (packages/testing
// ServiceProcess) and did not stop, because a test failed first, are killed when the file ends. Left running,
// they would keep jest from exiting (a hung CI run) and hold their ports for the next file.
const { TestEnvironment } = require('jest-environment-node');

class WageTestEnvironment extends TestEnvironment {
  async teardown() {
    const live = this.global.__wageServiceProcesses;
    if (live) for (const child of live) child.kill('SIGKILL');
    await super.teardown();
  }
}

module.exports = WageTestEnvironment;
