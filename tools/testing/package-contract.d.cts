export interface ContractCheck {
  name: string;
  problems: string[];
}
export interface ContractReport {
  name: string;
  checks: ContractCheck[];
}
export interface ContractExpectations {
  /** Packages that must be peerDependencies (and devDependencies for the tests). */
  peers: string[];
  /** The only @bnkit/* packages this one may name in any dependency field. */
  bnkitDependencies: string[];
  /**
   * Whether the allowed bnkit packages must be peerDependencies (plus devDependencies for the
   * tests) rather than dependencies. Default: true unless the package itself is `@bnkit/*`.
   */
  bnkitPeersOnly?: boolean;
}
export declare function checkPackageContract(
  dir: string,
  expected: ContractExpectations,
): ContractReport;
export declare function exportTargets(
  exportsField: unknown,
  trail?: string[],
): Array<{ trail: string[]; target: string }>;
