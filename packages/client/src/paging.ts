/** One page of a collection. */
export interface Page<T> {
  /** The items of this page. */
  value: T[];
  /** `@odata.nextLink`: the absolute URL of the next page, absent on the last one. */
  nextLink?: string;
  /** `@odata.count`, when the query asked for `count: true`. */
  count?: number;
}

/** Every item of every page, fetched lazily; `.pages()` gives the pages themselves. */
export interface PageIterable<T> extends AsyncIterable<T> {
  pages(): AsyncIterable<Page<T>>;
}

/** Follows `@odata.nextLink` verbatim until a page has none. */
export function paginate<T>(fetchPage: (nextLink: string | undefined) => Promise<Page<T>>): PageIterable<T> {
  async function* pages(): AsyncGenerator<Page<T>> {
    let link: string | undefined;
    do {
      const page = await fetchPage(link);
      yield page;
      if (page.nextLink === link) throw new Error(`@odata.nextLink ${link} points to the page itself`);
      link = page.nextLink;
    } while (link);
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.value;
    },
  };
}
