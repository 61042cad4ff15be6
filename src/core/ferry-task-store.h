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
 * could misread raises "format".
 *
 * The app and any number of ferryctl processes of the same user share the
 * file. Every change is a transaction (ferry_task_store_update()): take an
 * exclusive flock() on "<file>.lock" (a separate file, because the data
 * file is replaced by rename on every write), read the file again, merge it
 * into the objects in memory by task id (the file wins: every change
 * anyone made is in it), apply the change, write the whole file atomically
 * (g_file_set_contents_full(), mode 0600, fsync before the rename), unlock.
 * The lock is never held across a network request, so it is held for
 * milliseconds; a process that waits for it longer than the lock time-out
 * gives up with FERRY_TASK_STORE_ERROR_LOCKED and tries again later.
 *
 * A file that cannot be read (not JSON, not this shape, a task that does
 * not parse) or whose format is newer than FERRY_TASK_STORE_FORMAT is
 * renamed to "<file>.corrupt-YYYYMMDD-HHMMSS" or "<file>.newer-YYYYMMDD-
 * HHMMSS" (local time, "-2", "-3"… when taken), never overwritten, and the
 * store goes on without it. */

#define FERRY_TASK_STORE_FORMAT  1
/* Overrides the default path (for tests and scripts). */
#define FERRY_ENV_TASKS_FILE     "FERRY_TASKS_FILE"

#define FERRY_TASK_STORE_ERROR (ferry_task_store_error_quark ())

typedef enum
{
  FERRY_TASK_STORE_ERROR_CORRUPT,       /* the file was unreadable and kept aside */
  FERRY_TASK_STORE_ERROR_NEWER_FORMAT,  /* the file was from a newer Ferry and kept aside */
  FERRY_TASK_STORE_ERROR_LOCKED,        /* another process held the lock too long */
  FERRY_TASK_STORE_ERROR_IO,            /* the file or its folder could not be read or written */
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

/* @path: NULL for $FERRY_TASKS_FILE, or else $XDG_DATA_HOME/ferry/tasks.json.
 * Nothing is read until ferry_task_store_load() or the first update. */
FerryTaskStore *ferry_task_store_new              (const char          *path);
const char     *ferry_task_store_get_path         (FerryTaskStore      *self);

/* Reads the file. FALSE with FERRY_TASK_STORE_ERROR_CORRUPT or _NEWER_FORMAT
 * when it was kept aside (the message names the file it was kept as; the
 * store is then empty and usable), or another error when it could not be
 * read at all. */
gboolean        ferry_task_store_load             (FerryTaskStore      *self,
                                                   GError             **error);

/* One transaction, as described above. @func may be NULL: the objects are
 * then just brought up to date with the file. When the write fails the
 * objects go back to what the file holds and FALSE is returned: nothing
 * was saved. Property notifications of the tasks and changes of the list
 * are emitted after the lock is released. */
gboolean        ferry_task_store_update           (FerryTaskStore      *self,
                                                   FerryTaskStoreFunc   func,
                                                   gpointer             user_data,
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
