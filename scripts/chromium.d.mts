/** The flags every launch passes. `--no-sandbox` is required as root. */
export declare const CHROMIUM_ARGS: readonly string[];
/** For pages served by route interception: lets them reach 127.0.0.1. */
export declare const ALLOW_LOCAL_NETWORK: readonly string[];
/** The Chromium binary: CHROMIUM_PATH, else Debian's. */
export declare function chromiumPath(): string;
/** Launch options for playwright-core's `chromium.launch()`. */
export declare function chromiumLaunchOptions(options?: { extraArgs?: readonly string[] }): {
  executablePath: string;
  headless: true;
  args: string[];
};
