/**
 * __NAME__: __DESCRIPTION__
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export {};
