// Written by tools/build/sync-package-version.mjs from package.json; do not edit by hand.

/** The version of @bnkit/cli (from its package.json). */
export const PACKAGE_VERSION = '0.0.0';
