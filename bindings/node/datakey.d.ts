// Declarations of the package entry point: everything generated from the Rust (`./index.d.ts`)
// plus the hand-written stream adapters of `./stream.js`.
export * from './index'
