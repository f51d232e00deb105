// The /sources add form: what was typed, and which field an error from `jobctl boards add|test`
// belongs to (the loaders decide validity; the page shows the reason next to the field).
export interface BoardFormValues {
  ats: string;
  board_token: string;
  company_name: string;
}

export type BoardFormErrors = Partial<Record<keyof BoardFormValues, string>>;

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

export function readBoardForm(form: FormData): BoardFormValues {
  return { ats: text(form, 'ats'), board_token: text(form, 'board_token'), company_name: text(form, 'company_name') };
}

// Checks that need no loader: presence and length. Everything else is jobctl's to say.
export function missingFields(values: BoardFormValues): BoardFormErrors {
  const errors: BoardFormErrors = {};
  if (!values.ats) errors.ats = 'Choose the applicant-tracking system.';
  if (!values.board_token) errors.board_token = 'Enter the board token (the name in the board’s address).';
  else if (values.board_token.length > 100) errors.board_token = 'A board token is at most 100 characters.';
  if (values.company_name.length > 200) errors.company_name = 'A company name is at most 200 characters.';
  return errors;
}

export function errorField(message: string): keyof BoardFormValues {
  if (/unknown ATS/i.test(message)) return 'ats';
  if (/company name/i.test(message)) return 'company_name';
  return 'board_token';
}

export type BoardStatus = 'ok' | 'not_found' | 'failed' | null;

// One line a person can act on, for the table and the test-fetch result.
export function statusText(status: string | null, postings: number | null, error: string | null): string {
  if (status === 'ok') return `OK: ${postings ?? 0} posting${postings === 1 ? '' : 's'}`;
  if (status === 'not_found') return `Board not found (HTTP 404): check the token${error ? `. ${error}` : ''}`;
  if (status === 'failed') return `Fetch failed: ${error ?? 'unknown error'}`;
  return 'Not fetched yet';
}
