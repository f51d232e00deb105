import { error, fail } from '@sveltejs/kit';
import {
  type BoardFormErrors,
  type BoardFormValues,
  errorField,
  missingFields,
  readBoardForm,
  statusText,
} from '$lib/board-form.ts';
import { atsOptions, getBoard, listBoards, removeBoard, runJobctl, setBoardActive } from '$lib/server/boards.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
  const [boards, ats] = await Promise.all([listBoards(), atsOptions()]);
  return { boards, ats };
};

const EMPTY: BoardFormValues = { ats: '', board_token: '', company_name: '' };

function boardId(form: FormData): number {
  const id = Number(form.get('board_source_id'));
  if (!Number.isInteger(id) || id < 1) error(400, 'board_source_id must be a positive integer');
  return id;
}

async function testFetch(ats: string, token: string) {
  const result = await runJobctl(['boards', 'test', '--ats', ats, '--board', token]);
  const summary = result.summary ?? {};
  return {
    ok: summary.ok === true,
    status: (summary.status as string | undefined) ?? 'failed',
    postings: typeof summary.postings === 'number' ? summary.postings : null,
    message:
      summary.ok === true
        ? statusText('ok', summary.postings as number, null)
        : statusText(
            (summary.status as string | undefined) ?? 'failed',
            null,
            (summary.error as string | undefined) ?? result.error,
          ),
    invalid: result.code === 2 ? result.error : null,
  };
}

export const actions: Actions = {
  add: async ({ request }) => {
    const values = readBoardForm(await request.formData());
    const errors: BoardFormErrors = missingFields(values);
    if (Object.keys(errors).length) return fail(400, { form: 'add', values, errors });
    const args = ['boards', 'add', '--ats', values.ats, '--board', values.board_token];
    if (values.company_name) args.push('--company', values.company_name);
    const result = await runJobctl(args);
    if (result.code !== 0) {
      const message = result.error ?? 'the board could not be added';
      return fail(400, { form: 'add', values, errors: { [errorField(message)]: message } });
    }
    const created = result.summary?.created === true;
    return {
      form: 'add',
      values: EMPTY,
      notice: `${created ? 'Added' : 'Already watched, now active:'} ${values.ats}/${values.board_token}.`,
    };
  },
  // "Test fetch" on the add form: fetch the typed board once, store nothing.
  testNew: async ({ request }) => {
    const values = readBoardForm(await request.formData());
    const errors: BoardFormErrors = missingFields(values);
    if (Object.keys(errors).length) return fail(400, { form: 'add', values, errors });
    const tested = await testFetch(values.ats, values.board_token);
    if (tested.invalid) {
      return fail(400, { form: 'add', values, errors: { [errorField(tested.invalid)]: tested.invalid } });
    }
    return { form: 'add', values, test: { boardSourceId: null, ...tested } };
  },
  test: async ({ request }) => {
    const board = await getBoard(boardId(await request.formData()));
    if (!board) error(404, 'No such board');
    const tested = await testFetch(board.ats, board.board_token);
    return { form: 'row', test: { boardSourceId: board.board_source_id, ...tested } };
  },
  toggle: async ({ request }) => {
    const form = await request.formData();
    const wanted = form.get('set_active');
    if (wanted !== 'true' && wanted !== 'false') error(400, 'set_active must be true or false');
    if (!(await setBoardActive(boardId(form), wanted === 'true'))) error(404, 'No such board');
    return { form: 'row', notice: wanted === 'true' ? 'Board activated.' : 'Board deactivated.' };
  },
  remove: async ({ request }) => {
    if (!(await removeBoard(boardId(await request.formData())))) error(404, 'No such board');
    return { form: 'row', notice: 'Board removed (its postings stay in the warehouse).' };
  },
};
