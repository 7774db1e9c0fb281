import Mocha from 'mocha';

/**
 * Mocha's spec reporter, ending with one line that says it all, failures included when there are
 * none (spec prints "N failing" only when N > 0): what a CI log is read or grepped for.
 */
class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // Registered after Spec's own 'end' listener, so this line comes after its failure list.
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending, duration = 0 } = this.stats;
      process.stdout.write(`shopcast tests: ${passes} passed, ${failures} failed, ${pending} pending in ${Math.round(duration / 1000)} s\n`);
    });
  }
}

module.exports = SpecWithSummary;
