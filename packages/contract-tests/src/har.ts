/**
 * HAR 1.2, as @types/har-format describes it: the one set of types for the recordings `verify` reads and the ones
 * `record` writes and `redactHar` cleans.
 */
export type {
  Cookie as HarCookie,
  Entry as HarEntry,
  Har,
  Header as HarHeader,
  QueryString as HarQueryString,
} from 'har-format';
