/* ferry-task-store-private.h: what the store's own files share, and seams for tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-task-store.h"

G_BEGIN_DECLS

/* ferry-task-store.c is the object, its tasks in memory, the lock and the
 * transactions; ferry-task-store-file.c reads the tasks file (salvaging
 * what it can of a damaged one) and makes the text written to it. */

struct _FerryTaskStore
{
  GObject     parent_instance;

  char       *path;
  char       *lock_path;
  /* What observers see; follows @tasks once a transaction is over. */
  GListStore *list;
  /* The tasks in memory, in creation order, and by id. */
  GPtrArray  *tasks;
  GHashTable *by_id;
  /* An asynchronous transaction shown before its write (see
   * update_begin()), or NULL. */
  GTask      *behind;
  /* Observers are being told of a change. */
  guint       publishing : 1;
  /* Tasks whose notifications wait for the end of the transaction, in
   * the order they were held, and as a set: a transaction holds every
   * task, and looking each up in the array made 10,000 of them cost
   * 50 million comparisons. */
  GPtrArray  *frozen;
  GHashTable *frozen_set;
  int         lock_fd;
  guint       lock_timeout_ms;
  guint       in_transaction : 1;
};

/* ferry-task-store-file.c */

/* What a read of the file gave. */
typedef struct
{
  GPtrArray *tasks;       /* every task that could be read */
  guint      unreadable;  /* tasks that could not */
  gboolean   damaged;     /* something could not be read: tasks, or the file's frame */
} Parsed;

void         ferry_store_parsed_clear       (Parsed             *parsed);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, ferry_store_parsed_clear)

/* Reads the file under the lock (see there). */
gboolean     ferry_store_read_file          (FerryTaskStore     *self,
                                             char              **text,
                                             Parsed             *parsed,
                                             char              **damage,
                                             GError            **error);
/* The text of every task in memory, as the file holds it. */
char        *ferry_store_serialize          (FerryTaskStore     *self);
gboolean     ferry_store_write_file         (FerryTaskStore     *self,
                                             const char         *text,
                                             GError            **error);

/* Seams for tests */

/* How long to wait for another process's lock, 10 s by default. */
void ferry_task_store_set_lock_timeout (FerryTaskStore *self,
                                        guint           milliseconds);

G_END_DECLS
