// How many notifications one inbox page asks for; the live feed writes arrivals into exactly this first page.
export const INBOX_PAGE_SIZE = 20;
