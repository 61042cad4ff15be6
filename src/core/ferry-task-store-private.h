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
  /* Tasks were added or removed since the file was read. */
  guint       members_changed : 1;

  /* Each task's text in the file, by id (TaskText), made at the revision
   * it names: only a task that changed is written out again. */
  GHashTable *texts;
  /* The bytes of the file when the tasks in memory hold just what they
   * say (NULL: not known), with the number of tasks then and the newest
   * revision among them: a read that finds the same bytes while no task
   * changed is not parsed. @known_ours: they are also what serializing
   * the tasks makes, so that an update that changes nothing writes
   * nothing without serializing. */
  char       *known_text;
  gsize       known_length;
  guint       known_count;
  guint64     known_revision;
  guint       known_ours : 1;

  /* The work done, for tests: tasks parsed, tasks' texts made. */
  guint       n_parsed;
  guint       n_rendered;
};

/* ferry-task-store-file.c */

/* What a read of the file gave. */
typedef struct
{
  GPtrArray *tasks;       /* every task that could be read */
  guint      unreadable;  /* tasks that could not */
  gboolean   damaged;     /* something could not be read: tasks, or the file's frame */
  gboolean   same;        /* the bytes known: not parsed, @tasks is NULL */
} Parsed;

void         ferry_store_parsed_clear       (Parsed             *parsed);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, ferry_store_parsed_clear)

/* The newest revision of the tasks in memory. */
guint64      ferry_store_newest_revision    (FerryTaskStore     *self);
/* The file's bytes are @text (taken; NULL: not known) and the tasks in
 * memory hold what it says; @ours: as serializing them makes it. */
void         ferry_store_remember           (FerryTaskStore     *self,
                                             char               *text,
                                             gboolean            ours);
/* Reads the file under the lock (see there). */
gboolean     ferry_store_read_file          (FerryTaskStore     *self,
                                             char              **text,
                                             Parsed             *parsed,
                                             char              **damage,
                                             GError            **error);
/* Parses @text, known, into @parsed, which then holds its tasks. */
void         ferry_store_parse_known        (FerryTaskStore     *self,
                                             const char         *text,
                                             Parsed             *parsed);
/* For the table of texts. */
void         ferry_store_task_text_free     (gpointer            data);
/* The text of every task in memory, as the file holds it. */
char        *ferry_store_serialize          (FerryTaskStore     *self);
gboolean     ferry_store_write_file         (FerryTaskStore     *self,
                                             const char         *text,
                                             GError            **error);

/* Seams for tests */

/* How long to wait for another process's lock, 10 s by default. */
void ferry_task_store_set_lock_timeout (FerryTaskStore *self,
                                        guint           milliseconds);
/* The work done since the store was made: tasks parsed from the file,
 * tasks whose text was made to write it. */
void ferry_task_store_get_work         (FerryTaskStore *self,
                                        guint          *parsed,
                                        guint          *rendered);

G_END_DECLS
