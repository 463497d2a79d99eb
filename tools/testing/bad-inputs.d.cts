export interface ArgumentErrorExpectation {
  /** Classes the error must be an instance of (the package's class, BnkitArgumentError). */
  classes: (abstract new (...args: never[]) => unknown)[];
  /** The argument the error names. */
  argument: string;
  /** Text the message contains, or a pattern it matches. */
  says?: string | RegExp;
}
export declare function thrownBy(call: () => unknown): Promise<unknown>;
export declare function expectArgumentError(
  error: unknown,
  expectation: ArgumentErrorExpectation,
): void;
