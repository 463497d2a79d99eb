// The assertions every package's bad-input corpus makes (src/bad-inputs.spec.ts), written once:
// a bad call throws the package's error class, the error names the argument in its `argument`
// field and at the start of a message of the house shape, and says what else the case expects.
// Plain CommonJS, used from jest specs.
const { expect } = require('@jest/globals');

/** The error `call` throws (or its promise rejects with); fails when it does not throw. */
async function thrownBy(call) {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/**
 * Asserts that `error` is an instance of every class of `classes`, that its `argument` field is
 * `argument`, that its message reads `<argument> must be …; received ….`, and, when given, that
 * the message contains `says` (a string) or matches it (a RegExp).
 */
function expectArgumentError(error, { classes, argument, says }) {
  for (const errorClass of classes) expect(error).toBeInstanceOf(errorClass);
  expect(error.argument).toBe(argument);
  expect(error.message.startsWith(`${argument} must be `)).toBe(true);
  expect(error.message).toMatch(/; received .+\./);
  if (says instanceof RegExp) expect(error.message).toMatch(says);
  else if (says !== undefined) expect(error.message).toContain(says);
}

module.exports = { expectArgumentError, thrownBy };
