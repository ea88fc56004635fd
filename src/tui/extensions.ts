/**
 * Other parts plug their views, commands, columns and detail sections in here: add one import and
 * one entry (see EXTENDING.md). Each function runs once, after the built-ins are registered, so it
 * can replace a built-in command by registering the same id.
 */
import { registerLineage } from './lineage/register.js';
import { registerTriage } from './triage/register.js';
import { registerNotes } from './notes/register.js';

export const EXTENSIONS: readonly (() => void)[] = [registerLineage, registerTriage, registerNotes];
