/* ferry-copy-task.h: one copy of one image to one destination, as queued
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-ims.h"

G_BEGIN_DECLS

/* The enum nicks are written in tasks.json and printed by `ferryctl --json`:
 * never change one. */
typedef enum
{
  FERRY_COPY_KIND_CROSS_REGION,  /* "cross-region" */
  FERRY_COPY_KIND_IN_REGION,     /* "in-region" */
} FerryCopyKind;

typedef enum
{
  FERRY_TASK_STATE_QUEUED,      /* "queued": waiting for its turn */
  FERRY_TASK_STATE_SUBMITTING,  /* "submitting": the copy request is (maybe) on its way */
  FERRY_TASK_STATE_RUNNING,     /* "running": the service answered with a job id */
  FERRY_TASK_STATE_FINISHING,   /* "finishing": the job is over, the new image is not active yet */
  FERRY_TASK_STATE_DONE,        /* "done": the new image is active in the destination */
  FERRY_TASK_STATE_FAILED,      /* "failed": see the error members */
  FERRY_TASK_STATE_REMOVED,     /* "removed": taken off the queue before it started */
  /* "outcome-unknown": the answer to the copy request was lost and the copy
   * was not found in the destination; the user decides (look again, or
   * submit again). Written only in files of format 2. */
  FERRY_TASK_STATE_OUTCOME_UNKNOWN,
} FerryTaskState;

#define FERRY_TYPE_COPY_KIND  (ferry_copy_kind_get_type ())
#define FERRY_TYPE_TASK_STATE (ferry_task_state_get_type ())

GType ferry_copy_kind_get_type  (void);
GType ferry_task_state_get_type (void);

/* "Queued", "Copying"…, translated. */
const char *ferry_task_state_to_label  (FerryTaskState state);
/* Whether the state is final (done, failed, removed). An outcome unknown
 * is not: it waits for the user's decision, while nothing drives it. */
gboolean    ferry_task_state_is_final  (FerryTaskState state);
/* A queued copy's place, as the tasks page and ferryctl both say it:
 * "1st in line", "22nd in line". */
char       *ferry_task_format_place    (guint          place);

#define FERRY_TYPE_COPY_TASK (ferry_copy_task_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyTask, ferry_copy_task, FERRY, COPY_TASK, GObject)

/* A FerryCopyTask is what a user asked for (which image, where, under which
 * name) plus where the copy stands. Every property is read-only and
 * notifies; only FerryCopyQueue and FerryTaskStore change them, on the main
 * context that runs the queue.
 *
 * Times are gint64 microseconds since the Unix epoch (UTC), 0 for "not
 * yet", like g_get_real_time(). In JSON they are ISO 8601 strings in UTC
 * with microseconds ("2026-11-28T01:02:03.000042Z"), left out when 0. */

/* A new queued task with a random id (g_uuid_string_random), created now.
 * @vault_id only for whole images made from CBR backups. */
FerryCopyTask  *ferry_copy_task_new_cross_region     (const char     *domain_id,
                                                      const char     *image_id,
                                                      const char     *image_name,
                                                      const char     *source_region,
                                                      const char     *source_project_id,
                                                      const char     *destination_region,
                                                      const char     *destination_project_name,
                                                      const char     *destination_project_id,
                                                      const char     *name,
                                                      const char     *description,
                                                      const char     *agency_name,
                                                      const char     *vault_id);
/* A copy within @region; @cmk_id (a KMS key) encrypts the copy when set. */
FerryCopyTask  *ferry_copy_task_new_in_region        (const char     *domain_id,
                                                      const char     *image_id,
                                                      const char     *image_name,
                                                      const char     *region,
                                                      const char     *project_id,
                                                      const char     *name,
                                                      const char     *description,
                                                      const char     *cmk_id);

/* Reads one element of the "tasks" array of tasks.json. Unknown members are
 * ignored (a newer Ferry may add some without changing the format); a
 * missing id, name, image id or region, an unknown kind or state, or a
 * member of the wrong type fails with FERRY_API_ERROR_INVALID_RESPONSE.
 *
 * The object, as ferry_copy_task_serialize() writes it (absent strings and
 * unset times are left out):
 *   "id", "kind" (cross-region | in-region), "state" (queued | submitting |
 *   running | finishing | done | failed | removed | outcome-unknown)
 *   "domain_id", "image_id", "image_name", "source_region",
 *   "source_project_id", "destination_region", "destination_project_name",
 *   "destination_project_id", "name", "description", "agency_name",
 *   "vault_id", "cmk_id": strings, what the user asked for
 *   "job_id", "job_endpoint" (project | cloudimages), "new_image_id",
 *   "current_step": strings, what the service said
 *   "fraction": number 0..1; "attempts", "lookups": integers;
 *   "still_running": boolean
 *   "created_at", "queued_at", "submitted_at", "finished_at",
 *   "last_progress_at", "next_attempt_at", "lease_until": times
 *   "error_code", "error_message" (the server's own words),
 *   "error_sentence" (translated), "hint" (translated): strings
 *   "owner": {"pid": integer, "host", "boot_id", "instance": strings},
 *   the process that drives the task, left out when none does */
FerryCopyTask  *ferry_copy_task_new_from_json        (JsonObject     *object,
                                                      GError        **error);
JsonNode       *ferry_copy_task_serialize            (FerryCopyTask  *self);

const char     *ferry_copy_task_get_id               (FerryCopyTask  *self);
FerryCopyKind   ferry_copy_task_get_kind             (FerryCopyTask  *self);
/* The account (domain) the copy belongs to. */
const char     *ferry_copy_task_get_domain_id        (FerryCopyTask  *self);
const char     *ferry_copy_task_get_image_id         (FerryCopyTask  *self);
const char     *ferry_copy_task_get_image_name       (FerryCopyTask  *self);
const char     *ferry_copy_task_get_source_region    (FerryCopyTask  *self);
const char     *ferry_copy_task_get_source_project_id (FerryCopyTask *self);
/* The source region again for an in-region copy. */
const char     *ferry_copy_task_get_destination_region (FerryCopyTask *self);
/* NULL for an in-region copy. */
const char     *ferry_copy_task_get_destination_project_name (FerryCopyTask *self);
const char     *ferry_copy_task_get_destination_project_id (FerryCopyTask *self);
/* The new image's name. */
const char     *ferry_copy_task_get_name             (FerryCopyTask  *self);
const char     *ferry_copy_task_get_description      (FerryCopyTask  *self);
const char     *ferry_copy_task_get_agency_name      (FerryCopyTask  *self);
const char     *ferry_copy_task_get_vault_id         (FerryCopyTask  *self);
const char     *ferry_copy_task_get_cmk_id           (FerryCopyTask  *self);

FerryTaskState  ferry_copy_task_get_state            (FerryCopyTask  *self);
const char     *ferry_copy_task_get_job_id           (FerryCopyTask  *self);
/* Which of the two job endpoints answered; FALSE while none has. */
gboolean        ferry_copy_task_get_job_endpoint     (FerryCopyTask    *self,
                                                      FerryJobEndpoint *endpoint);
/* The new image, in the destination region, once the service names it. */
const char     *ferry_copy_task_get_new_image_id     (FerryCopyTask  *self);
/* The fraction done, 0 to 1. */
double          ferry_copy_task_get_fraction         (FerryCopyTask  *self);
/* What the service says it is doing (the job's current_task), untranslated. */
const char     *ferry_copy_task_get_current_step     (FerryCopyTask  *self);

gint64          ferry_copy_task_get_created_at       (FerryCopyTask  *self);
/* When the copy was last sent to the service; 0 while queued. */
gint64          ferry_copy_task_get_submitted_at     (FerryCopyTask  *self);
gint64          ferry_copy_task_get_finished_at      (FerryCopyTask  *self);
/* When the fraction or the step last changed. */
gint64          ferry_copy_task_get_last_progress_at (FerryCopyTask  *self);
/* How many times the copy was sent to the service. */
guint           ferry_copy_task_get_attempts         (FerryCopyTask  *self);
/* A queued task that the service turned away waits until then. */
gint64          ferry_copy_task_get_next_attempt_at  (FerryCopyTask  *self);
/* TRUE when the copy has shown no progress for a long time. It is still
 * followed, never failed for that: some copies take hours. */
gboolean        ferry_copy_task_get_still_running    (FerryCopyTask  *self);

/* Why a failed task failed: the server's code ("IMG.0151") and its own
 * message, one translated sentence, and what the user can do about it
 * (translated). Any of them may be NULL. For an outcome unknown: what
 * became of the copy request (the code and message of the answer that
 * was lost, if any), and the same sentence and hint. */
const char     *ferry_copy_task_get_error_code       (FerryCopyTask  *self);
const char     *ferry_copy_task_get_error_message    (FerryCopyTask  *self);
const char     *ferry_copy_task_get_error_sentence   (FerryCopyTask  *self);
const char     *ferry_copy_task_get_hint             (FerryCopyTask  *self);

/* The process driving the task, for display ("4242@hostname"), or NULL
 * when none does; it holds the task until its lease ends. */
const char     *ferry_copy_task_get_owner            (FerryCopyTask  *self);
gint64          ferry_copy_task_get_lease_until      (FerryCopyTask  *self);

/* Seconds since the copy was submitted; while it is queued, since the task
 * was created. A finished task stops counting when it finished. */
gint64          ferry_copy_task_get_elapsed          (FerryCopyTask  *self);
/* Tags. With copy_tags (the default), once the new image is active the
 * task stays "finishing" while the source image's tags are copied to it
 * (tags_pending); the copy is done either way, and what became of the tags
 * is the tags outcome. A tag that could not be set is a FerryTagFailure:
 * its key (NULL when no tag could be read at all), the server's code (or
 * NULL) and one translated sentence.
 *
 * In tasks.json: "copy_tags" (boolean, true when absent), "tags_pending"
 * (boolean), "tags": {"copied": integer, "failed": [{"key", "code",
 * "reason"}]} once the step ended. Older versions ignore these members. */
typedef struct
{
  char *key;
  char *code;
  char *reason;
} FerryTagFailure;

FerryTagFailure *ferry_tag_failure_new           (const char     *key,
                                                  const char     *code,
                                                  const char     *reason);
void             ferry_tag_failure_free          (FerryTagFailure *failure);

gboolean        ferry_copy_task_get_copy_tags        (FerryCopyTask  *self);
/* Only before the task is added to a store. */
void            ferry_copy_task_set_copy_tags        (FerryCopyTask  *self,
                                                      gboolean        copy_tags);
gboolean        ferry_copy_task_get_tags_pending     (FerryCopyTask  *self);
/* FALSE until the tag step ended; then the number of tags copied and the
 * failures (FerryTagFailure, borrowed). */
gboolean        ferry_copy_task_get_tags_outcome     (FerryCopyTask  *self,
                                                      guint          *copied,
                                                      GPtrArray     **failures);

/* The state's label, or "Copying tags" during the tag step (translated). */
const char     *ferry_copy_task_get_step_label       (FerryCopyTask  *self);
/* What became of the tags, one translated sentence ("3 tags copied; 1
 * could not be copied: …"), or NULL before the tag step ended or when the
 * task does not copy tags. */
char           *ferry_copy_task_describe_tags        (FerryCopyTask  *self);

/* Whether putting this FAILED task back in the queue can help: not when
 * its image is gone or no longer the account's (IMG.0144, IMG.0027). */
gboolean        ferry_copy_task_can_retry            (FerryCopyTask  *self);

/* The order of a list of tasks, for people: the copies that move (or
 * wait for the user's decision) first, oldest sent on top; then the line,
 * in the order the copies will go; then the finished ones, the newest
 * first. Total: two distinct tasks never compare equal. The tasks page
 * lists in this order; the one place it is defined. */
gint            ferry_copy_task_compare_for_list     (FerryCopyTask  *a,
                                                      FerryCopyTask  *b);

G_END_DECLS
