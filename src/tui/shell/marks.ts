/** Compare shows marked events side by side; five columns is what an 80-column screen can still read. */
export const MAX_MARKS = 5;
