// The mocha globals wtr provides, declared here rather than adding @types/mocha.
type Done = (error?: unknown) => void;
type Fn = (this: unknown, done: Done) => void | Promise<unknown>;
declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: Fn | (() => void | Promise<unknown>)): void;
declare function before(body: () => void | Promise<unknown>): void;
declare function after(body: () => void | Promise<unknown>): void;
declare function beforeEach(body: () => void | Promise<unknown>): void;
declare function afterEach(body: () => void | Promise<unknown>): void;
