/** The formatter matrix on Nest 11: what it proves is said at the top of ./formatter-matrix.ts. */
import { formatterMatrix } from './formatter-matrix';

formatterMatrix(11);
