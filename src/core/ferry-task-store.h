/* ferry-task-store.h: the copy tasks on disk, shared by every Ferry process
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-copy-task.h"

G_BEGIN_DECLS

/* The file, by default $XDG_DATA_HOME/ferry/tasks.json:
 *
 *   {"format": 1, "tasks": [ <task>, ... ]}
 *
 * each task as ferry_copy_task_serialize() writes it, in creation order.
 * A reader ignores members it does not know; a change that an older Ferry
 * could misread raises "format". Format 2 is format 1 plus the task state
 * "outcome-unknown" (a copy request whose answer was lost and whose copy
 * was not found): an older Ferry would take such a task for one being
 * submitted and could send it again, so a file holding one is written as
 * format 2, which older versions refuse; every other file is still
 * written as format 1, which they read.
 *
 * The app and any number of ferryctl processes of the same user share the
 * file. Every change is a transaction: take an exclusive flock() on
 * "<file>.lock" (a separate file, because the data file is replaced by
 * rename on every write), read the file again, merge it into the objects
 * in memory by task id (the file wins: every change anyone made is in it),
 * apply the change, write the whole file atomically
 * (g_file_set_contents_full(), mode 0600, fsync before the rename),
 * unlock. The lock is never held across a network request, so it is held
 * for milliseconds. Waiting for it differs by caller:
 * ferry_task_store_update() polls for it on the calling thread, up to the
 * lock time-out (10 s; for programs without a window, and tests);
 * ferry_task_store_try_update() never waits (FERRY_TASK_STORE_ERROR_BUSY);
 * ferry_task_store_update_async() tries at once and then again from the
 * main context, so that a window never freezes while another process holds
 * the lock; its change is shown before it is written, and the write comes
 * from an idle of the main context (after a redraw), the lock held until
 * then. After the time-out: FERRY_TASK_STORE_ERROR_LOCKED.
 *
 * A damaged file (cut short, not JSON, NUL bytes, a task without an id or
 * with an unknown state, an id twice) is read as far as it can be: every
 * task that can be read is kept, and only what cannot is set aside. A
 * copy of the original bytes is written first, to
 * "<file>.corrupt-YYYYMMDD-HHMMSS" (local time, "-2", "-3"… when taken),
 * then the file is rewritten with the tasks that were read (and those
 * still in memory that it lost); "file-kept-aside" says so, in a
 * translated sentence that counts both and names the copy. A file whose
 * format is newer than FERRY_TASK_STORE_FORMAT is never read, changed,
 * moved or overwritten: every transaction fails with
 * FERRY_TASK_STORE_ERROR_NEWER_FORMAT while it is there. */

#define FERRY_TASK_STORE_FORMAT  2
/* Overrides the default path (for tests and scripts); read by each
 * program's main, never by core. */
#define FERRY_ENV_TASKS_FILE     "FERRY_TASKS_FILE"

#define FERRY_TASK_STORE_ERROR (ferry_task_store_error_quark ())

typedef enum
{
  FERRY_TASK_STORE_ERROR_CORRUPT,       /* the file was damaged: see the message (load only) */
  FERRY_TASK_STORE_ERROR_NEWER_FORMAT,  /* the file is a newer Ferry's, left untouched */
  FERRY_TASK_STORE_ERROR_LOCKED,        /* another process held the lock too long */
  FERRY_TASK_STORE_ERROR_IO,            /* the file or its folder could not be read or written */
  FERRY_TASK_STORE_ERROR_BUSY,          /* try_update only: another process holds the lock now */
} FerryTaskStoreError;

GQuark ferry_task_store_error_quark (void);

#define FERRY_TYPE_TASK_STORE (ferry_task_store_get_type ())

G_DECLARE_FINAL_TYPE (FerryTaskStore, ferry_task_store, FERRY, TASK_STORE, GObject)

/* Inside ferry_task_store_update(): the lock is held and the objects hold
 * what the file holds. Change tasks (with the setters of
 * ferry-copy-task-private.h), insert and delete them; do not run the main
 * loop and do not call ferry_task_store_update() again. */
typedef void (*FerryTaskStoreFunc) (FerryTaskStore *store,
                                    gpointer        user_data);

/* @path: NULL (or empty) for $XDG_DATA_HOME/ferry/tasks.json; programs
 * pass $FERRY_TASKS_FILE when it is set.
 * Nothing is read until ferry_task_store_load() or the first update. */
FerryTaskStore *ferry_task_store_new              (const char          *path);
const char     *ferry_task_store_get_path         (FerryTaskStore      *self);

/* Reads the file (waiting for the lock as ferry_task_store_update()).
 * FALSE with FERRY_TASK_STORE_ERROR_CORRUPT when it was damaged (the
 * message says what was kept and where the copy of the original is; the
 * store holds what could be read and is usable), or with another error
 * when it could not be read at all, or is a newer Ferry's. */
gboolean        ferry_task_store_load             (FerryTaskStore      *self,
                                                   GError             **error);

/* One transaction, as described above. @func may be NULL: the objects are
 * then just brought up to date with the file. When the write fails the
 * objects go back to what the file holds and FALSE is returned: nothing
 * was saved. Property notifications of the tasks and changes of the list
 * are emitted after the lock is released. Waits for the lock on the
 * calling thread. */
gboolean        ferry_task_store_update           (FerryTaskStore      *self,
                                                   FerryTaskStoreFunc   func,
                                                   gpointer             user_data,
                                                   GError             **error);
/* The same without waiting: FERRY_TASK_STORE_ERROR_BUSY when another
 * process holds the lock. */
gboolean        ferry_task_store_try_update       (FerryTaskStore      *self,
                                                   FerryTaskStoreFunc   func,
                                                   gpointer             user_data,
                                                   GError             **error);
/* The same, waiting for the lock on the thread-default main context
 * (never blocking it) up to the lock time-out. The transaction runs as
 * soon as the lock is free, at once when it is: @func may have run, and
 * the objects changed, when this returns. Its changes (list and
 * notifications) are shown then, and written from an idle of the main
 * context: @callback says whether they were saved. A transaction of this
 * store started before then writes it first (try_update from a handler
 * of those very changes fails with FERRY_TASK_STORE_ERROR_BUSY instead);
 * when the write fails the objects go back to what the file holds, and
 * observers see that too. @destroy frees @user_data
 * afterwards. */
void            ferry_task_store_update_async     (FerryTaskStore      *self,
                                                   FerryTaskStoreFunc   func,
                                                   gpointer             user_data,
                                                   GDestroyNotify       destroy,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             callback_data);
gboolean        ferry_task_store_update_finish    (FerryTaskStore      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Within @func only. Insert adds a task (a new id) in creation order;
 * delete takes one out of the file for good. */
void            ferry_task_store_insert           (FerryTaskStore      *self,
                                                   FerryCopyTask       *task);
void            ferry_task_store_delete           (FerryTaskStore      *self,
                                                   FerryCopyTask       *task);

/* Every task (FerryCopyTask) of the file as last read, every state and
 * account, in creation order. Inside a transaction it still shows what it
 * showed before: use ferry_task_store_dup_tasks() there. */
GListModel     *ferry_task_store_get_tasks        (FerryTaskStore      *self);
/* The same as a new array of references, up to date even inside a
 * transaction. */
GPtrArray      *ferry_task_store_dup_tasks        (FerryTaskStore      *self);
FerryCopyTask  *ferry_task_store_lookup           (FerryTaskStore      *self,
                                                   const char          *task_id);

G_END_DECLS
