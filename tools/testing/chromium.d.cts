/** The first Chromium binary found on this machine, if any. */
export declare const CHROMIUM: string | undefined;
export interface PageReport {
  consoleErrors: string[];
  value: unknown;
}
/**
 * Opens `htmlPath` in headless Chromium, evaluates `expression` in the page, saves a full-page
 * screenshot to `screenshotPath`, and returns the console errors and the expression's value
 * (awaited when it is a promise). With `webgpu`, the page gets WebGPU (SwiftShader's software
 * adapter when the machine has no GPU) instead of a disabled GPU process.
 */
export declare function inspectPage(
  htmlPath: string,
  expression: string,
  screenshotPath: string,
  width?: number,
  options?: { webgpu?: boolean },
): Promise<PageReport>;
