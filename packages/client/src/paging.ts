/** One page of a collection. */
export interface Page<T> {
  /** The items of this page. */
  value: T[];
  /** `@odata.nextLink`, resolved against the page's URL when the service sent a relative one; absent on the last page. */
  nextLink?: string;
  /** `@odata.count`, when the query asked for `count: true`. */
  count?: number;
}

/** Every item of every page, fetched lazily; `.pages()` gives the pages themselves. */
export interface PageIterable<T> extends AsyncIterable<T> {
  pages(): AsyncIterable<Page<T>>;
}

/**
 * Follows `@odata.nextLink` until a page has none. `fetchPage(undefined)` fetches the first page. A next link that
 * was already followed would loop forever, so it is refused.
 */
export function paginate<T>(fetchPage: (nextLink: string | undefined) => Promise<Page<T>>): PageIterable<T> {
  async function* pages(): AsyncGenerator<Page<T>> {
    const followed = new Set<string>();
    let page = await fetchPage(undefined);
    yield page;
    for (let link = page.nextLink; link !== undefined; link = page.nextLink) {
      if (followed.has(link)) throw new Error(`@odata.nextLink ${link} points to a page already read`);
      followed.add(link);
      page = await fetchPage(link);
      yield page;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.value;
    },
  };
}
