/*
 * The mouse in the reader: wheel and clicks, read after KEY_MOUSE (mouse.c).
 */
#ifndef QARI_MOUSE_H
#define QARI_MOUSE_H

struct reader;

/* Acts on the mouse event ncurses holds; returns DO_* flags for the loop. */
int mouse_event(struct reader *r);

#endif
