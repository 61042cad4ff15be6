/* ferry-copy-queue-driver.c: following each task a FerryCopyQueue submitted, to its end
 *
 * One Driver per task this queue owns: it sends the copy request, saves
 * the answer before anything else happens to the task, follows the job in
 * the source region and the new image in the destination, copies the
 * source image's tags, and, when the answer to the request was lost,
 * looks for the copy in the destination instead of sending it again.
 * What each step writes into the task is in ferry-copy-queue-transitions.c.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-copy-queue-private.h"
#include "ferry-error.h"

/* Look-ups for a submission whose answer never came are this far apart. */
#define LOOKUP_INTERVAL      (USEC (FERRY_COPY_QUEUE_SUBMIT_GRACE_SECONDS) / \
                              FERRY_COPY_QUEUE_SUBMIT_GRACE_LOOKUPS)
/* A copy found in the destination may be that much older than the
 * submission (clocks differ; the gateway allows 15 minutes). */
#define CREATION_SLACK       USEC (15 * 60)

static void driver_run           (Driver *d);
static void driver_schedule_next (Driver *d);

/* Timing */

/* The interval between two polls of a copy. The end of a copy must be
 * noticed within 30 s whatever its length, and a copy asked about at most
 * about four times a minute, so the interval is the same all along: 27 s
 * ± 10 % (24.3 to 29.7 s, which also keeps an hour-long copy under 150
 * polls), after a first poll 5 s after the submission that catches a copy
 * refused at once. Only errors stretch it: 2^n s after n failures in a
 * row, at most a minute. (It was clamp (elapsed / 10, 1 s, 60 s): 24 polls
 * in the first minute, and a long copy noticed up to a minute late.) */
static gint64
poll_delay (FerryCopyQueue *self,
            FerryCopyTask  *task,
            guint           failures)
{
  gint64 since = ferry_copy_task_get_submitted_at (task);
  gint64 elapsed = since > 0 ? MAX (0, ferry_queue_now (self) - since) : 0;
  gint64 delay;

  if (elapsed < USEC (FERRY_COPY_QUEUE_POLL_FIRST_SECONDS))
    delay = USEC (FERRY_COPY_QUEUE_POLL_FIRST_SECONDS) - elapsed;
  else
    delay = (gint64) (USEC (FERRY_COPY_QUEUE_POLL_SECONDS) * g_random_double_range (0.9, 1.1));
  if (failures > 0)
    delay = MAX (delay, MIN (USEC (FERRY_COPY_QUEUE_POLL_AFTER_ERRORS_LONGEST_SECONDS),
                             USEC (1) << MIN (failures, 6)));
  return delay;
}

/* After the service turned a copy away: 30 s, doubling to 5 minutes. */
static gint64
backoff (guint attempts)
{
  gint64 delay = USEC (FERRY_COPY_QUEUE_BACKOFF_FIRST_SECONDS) << MIN (attempts > 0 ? attempts - 1 : 0, 8);

  return ferry_queue_jitter (MIN (delay, USEC (FERRY_COPY_QUEUE_BACKOFF_LONGEST_SECONDS)));
}

/* Drivers: one per task this queue owns */

/* What the service answered to the copy request, not saved yet: saved
 * before anything else happens to the task. */
typedef enum
{
  OUTCOME_NONE,
  OUTCOME_JOB_ID,   /* the job id */
  OUTCOME_REQUEUE,  /* turned away for now: back in the queue */
  OUTCOME_FAIL,     /* refused */
  OUTCOME_LOST,     /* no answer: look for the copy */
} OutcomeKind;

typedef struct
{
  OutcomeKind  kind;
  char        *job_id;
  char        *code;
  char        *message;
  char        *sentence;
  char        *hint;
  gint64       when;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  o->kind = OUTCOME_NONE;
  g_clear_pointer (&o->job_id, g_free);
  g_clear_pointer (&o->code, g_free);
  g_clear_pointer (&o->message, g_free);
  g_clear_pointer (&o->sentence, g_free);
  g_clear_pointer (&o->hint, g_free);
  o->when = 0;
}

struct _Driver
{
  FerryCopyQueue *queue;           /* not a reference; NULL once dropped */
  FerryCopyTask  *task;
  GSource        *timer;
  Outcome         outcome;         /* answered, not saved yet */
  gint64          last_lookup;
  gint64          save_retry;      /* after a failed save of the outcome */
  guint           failures;
  guint           posting : 1;
  guint           busy : 1;        /* a request is out */
};

static void
driver_clear (Driver *d)
{
  g_clear_object (&d->task);
  outcome_clear (&d->outcome);
}

static void
driver_unref (Driver *d)
{
  g_rc_box_release_full (d, (GDestroyNotify) driver_clear);
}

static Driver *
driver_ref (Driver *d)
{
  return g_rc_box_acquire (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Driver, driver_unref)

static void
driver_cancel_timer (Driver *d)
{
  if (d->timer == NULL)
    return;
  g_source_destroy (d->timer);
  g_clear_pointer (&d->timer, g_source_unref);
}

/* For the table of drivers. */
void
ferry_queue_driver_forget (Driver *d)
{
  d->queue = NULL;
  driver_cancel_timer (d);
  driver_unref (d);
}

static Driver *
driver_new (FerryCopyQueue *self,
            FerryCopyTask  *task)
{
  Driver *d = g_hash_table_lookup (self->drivers, ferry_copy_task_get_id (task));

  if (d != NULL)
    return d;

  d = g_rc_box_new0 (Driver);
  d->queue = self;
  d->task = g_object_ref (task);
  g_hash_table_insert (self->drivers, g_strdup (ferry_copy_task_get_id (task)), d);
  return d;
}

static void
driver_drop (Driver *d)
{
  FerryCopyQueue *self = d->queue;

  if (self == NULL)
    return;
  g_hash_table_remove (self->drivers, ferry_copy_task_get_id (d->task));
}

static gboolean
driver_timer_cb (gpointer user_data)
{
  Driver *d = user_data;

  g_clear_pointer (&d->timer, g_source_unref);
  if (d->queue != NULL)
    driver_run (d);
  return G_SOURCE_REMOVE;
}

static void
driver_schedule (Driver *d,
                 gint64  delay)
{
  if (d->queue == NULL)
    return;
  driver_cancel_timer (d);
  d->timer = ferry_queue_timeout (d->queue, delay, driver_timer_cb, driver_ref (d),
                                  (GDestroyNotify) driver_unref);
}

/* After a transaction: the task may have moved on, or gone to another
 * owner. FALSE when the driver was dropped. */
static gboolean
driver_still_mine (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  FerryCopyTask *task;

  /* Dropped meanwhile (the queue was stopped from a handler). */
  if (self == NULL)
    return FALSE;

  task = ferry_task_store_lookup (self->store, ferry_copy_task_get_id (d->task));
  if (task == NULL || !ferry_queue_owned_by_me (self, task) ||
      !ferry_queue_state_in (task, ACTIVE_STATES))
    {
      driver_drop (d);
      ferry_queue_schedule_tick (self, 0);
      return FALSE;
    }
  /* The store may hold a new object for it (after a failed save). */
  g_set_object (&d->task, task);
  return TRUE;
}

static void
driver_schedule_next (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  gint64 now;

  if (!driver_still_mine (d))
    return;
  now = ferry_queue_now (self);

  switch (ferry_copy_task_get_state (d->task))
    {
    case FERRY_TASK_STATE_SUBMITTING:
      if (d->outcome.kind != OUTCOME_NONE)
        driver_schedule (d, d->save_retry);
      else
        {
          /* Waiting for a copy that may or may not exist to show up. */
          gint64 from = d->last_lookup != 0 ? d->last_lookup : ferry_copy_task_get_submitted_at (d->task);

          driver_schedule (d, MAX (0, from + LOOKUP_INTERVAL - now));
        }
      break;

    case FERRY_TASK_STATE_RUNNING:
    case FERRY_TASK_STATE_FINISHING:
      driver_schedule (d, d->outcome.kind != OUTCOME_NONE ? d->save_retry :
                          poll_delay (self, d->task, d->failures));
      break;

    case FERRY_TASK_STATE_QUEUED:
    case FERRY_TASK_STATE_DONE:
    case FERRY_TASK_STATE_FAILED:
    case FERRY_TASK_STATE_REMOVED:
    case FERRY_TASK_STATE_OUTCOME_UNKNOWN:
    default:
      driver_drop (d);
      break;
    }
}

/* Saving what the service answered */

static void
driver_save_outcome (Driver *d)
{
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *self = d->queue;
  const char *id = ferry_copy_task_get_id (d->task);
  Outcome *o = &d->outcome;
  Failure f = { o->code, o->message, o->sentence, o->hint };
  Requeue r = { o->when, o->code, o->sentence, o->hint };
  gboolean saved = FALSE;
  OutcomeKind kind = o->kind;

  switch (kind)
    {
    case OUTCOME_JOB_ID:
      /* Written whoever drives the task now. */
      saved = ferry_queue_change_task (self, id, ACTIVE_STATES, FALSE, ferry_queue_apply_job_id,
                                       o->job_id, NULL, &error);
      break;
    case OUTCOME_REQUEUE:
      saved = ferry_queue_change_task (self, id, STATE_BIT (FERRY_TASK_STATE_SUBMITTING), TRUE,
                                       ferry_queue_apply_requeue, &r, NULL, &error);
      break;
    case OUTCOME_FAIL:
      saved = ferry_queue_change_task (self, id, STATE_BIT (FERRY_TASK_STATE_SUBMITTING), TRUE,
                                       ferry_queue_apply_fail, &f, NULL, &error);
      break;
    case OUTCOME_LOST:
      saved = ferry_queue_change_task (self, id, STATE_BIT (FERRY_TASK_STATE_SUBMITTING), TRUE,
                                       ferry_queue_apply_lost, &f, NULL, &error);
      break;
    case OUTCOME_NONE:
    default:
      g_assert_not_reached ();
    }

  if (!saved)
    {
      /* Nothing else happens to the task until it is saved. */
      g_debug ("task %s: the answer is not saved yet: %s", id, error->message);
      d->save_retry = ferry_queue_retry_delay (error);
      driver_schedule (d, d->save_retry);
      return;
    }

  outcome_clear (o);
  d->failures = 0;
  if (kind == OUTCOME_REQUEUE || kind == OUTCOME_FAIL)
    {
      driver_drop (d);
      ferry_queue_schedule_tick (self, 0);
      return;
    }
  if (kind == OUTCOME_LOST)
    d->last_lookup = 0;
  driver_schedule_next (d);
}

static void
driver_take_outcome (Driver      *d,
                     OutcomeKind  kind,
                     const char  *job_id,
                     const Failure *f,
                     gint64       when)
{
  outcome_clear (&d->outcome);
  d->outcome.kind = kind;
  d->outcome.job_id = g_strdup (job_id);
  if (f != NULL)
    {
      d->outcome.code = g_strdup (f->code);
      d->outcome.message = g_strdup (f->message);
      d->outcome.sentence = g_strdup (f->sentence);
      d->outcome.hint = g_strdup (f->hint);
    }
  d->outcome.when = when;
  driver_save_outcome (d);
}

/* Submitting */

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Driver) d = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = NULL;
  FerryCopyQueue *self = d->queue;
  FerryClient *client = FERRY_CLIENT (object);
  const char *id = ferry_copy_task_get_id (d->task);

  if (ferry_copy_task_get_kind (d->task) == FERRY_COPY_KIND_CROSS_REGION)
    job_id = ferry_ims_cross_region_copy_finish (client, result, &error);
  else
    job_id = ferry_ims_copy_finish (client, result, &error);

  d->posting = FALSE;
  d->busy = FALSE;
  if (self == NULL)
    return;  /* stopped: the task stays SUBMITTING, found again later */

  if (job_id != NULL)
    {
      g_debug ("task %s: job %s", id, job_id);
      driver_take_outcome (d, OUTCOME_JOB_ID, job_id, NULL, 0);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED))
    {
      /* IMG.0149 (copies of this account we do not know about, made
       * elsewhere) or the gateway's 429: nothing was done; wait. */
      Failure f = {
        ferry_api_error_get_server_code (error), NULL, error->message, ferry_api_error_hint_for_code ("IMG.0149"),
      };

      g_debug ("task %s: turned away (%s), queued again", id, f.code);
      driver_take_outcome (d, OUTCOME_REQUEUE, NULL, &f,
                           ferry_queue_now (self) +
                           backoff (ferry_copy_task_get_attempts (d->task)));
      return;
    }

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK) ||
      g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAVAILABLE) ||
      g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE) ||
      error->domain != FERRY_API_ERROR)
    {
      /* The request may have reached the service: never send it again
       * blindly. Look for the copy instead, as after a crash. */
      const char *server_message = ferry_api_error_get_server_message (error);
      Failure f = {
        ferry_api_error_get_server_code (error),
        server_message != NULL ? server_message : error->message,
        NULL, NULL,
      };

      g_debug ("task %s: the answer was lost (%s): looking for the copy", id, error->message);
      driver_take_outcome (d, OUTCOME_LOST, NULL, &f, 0);
      return;
    }

  {
    Failure f = {
      ferry_api_error_get_server_code (error),
      ferry_api_error_get_server_message (error),
      error->message,
      ferry_queue_hint_for_error (error),
    };

    g_debug ("task %s: refused: %s", id, error->message);
    driver_take_outcome (d, OUTCOME_FAIL, NULL, &f, 0);
  }
}

static void
driver_post (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  FerryCopyTask *task = d->task;

  d->posting = TRUE;
  d->busy = TRUE;

  if (ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION)
    {
      FerryCrossRegionCopy copy = {
        .name = ferry_copy_task_get_name (task),
        .description = ferry_copy_task_get_description (task),
        .region = ferry_copy_task_get_destination_region (task),
        .project_name = ferry_copy_task_get_destination_project_name (task),
        .agency_name = ferry_copy_task_get_agency_name (task),
        .vault_id = ferry_copy_task_get_vault_id (task),
      };

      ferry_ims_cross_region_copy_async (self->client,
                                         ferry_copy_task_get_source_region (task),
                                         ferry_copy_task_get_source_project_id (task),
                                         ferry_copy_task_get_image_id (task),
                                         &copy, self->cancellable, post_cb, driver_ref (d));
    }
  else
    {
      ferry_ims_copy_async (self->client,
                            ferry_copy_task_get_source_region (task),
                            ferry_copy_task_get_source_project_id (task),
                            ferry_copy_task_get_image_id (task),
                            ferry_copy_task_get_name (task),
                            ferry_copy_task_get_description (task),
                            ferry_copy_task_get_cmk_id (task),
                            self->cancellable, post_cb, driver_ref (d));
    }
}

/* Looking for a copy in the destination */

/* The earliest creation time a copy made by the submission of @task can
 * carry, on the service's clock, which may be behind ours: the gateway
 * refuses requests signed more than 15 minutes off its clock (X-Sdk-Date,
 * API signing guide), so that is the most it can be. */
gint64
ferry_queue_earliest_creation (FerryCopyQueue *self,
                               FerryCopyTask  *task)
{
  gint64 submitted = ferry_copy_task_get_submitted_at (task);

  return submitted != 0 ? ferry_queue_to_real (self, submitted) - CREATION_SLACK : 0;
}

/* Whether the image's assumed origin members name the source image. */
static gboolean
names_source (FerryImage    *image,
              FerryCopyTask *task)
{
  g_autofree char *origin = g_strdup_printf ("image,%s,%s",
                                             ferry_copy_task_get_source_region (task),
                                             ferry_copy_task_get_image_id (task));

  return g_strcmp0 (ferry_image_get_original_image_name (image), ferry_copy_task_get_image_id (task)) == 0 ||
         g_strcmp0 (ferry_image_get_data_origin (image), origin) == 0;
}

/* The copy that the lost submission of @task made, among @images (the
 * destination's private images of its name), or NULL.
 *
 * What identifies it, and on what authority:
 *  - documented, and required to match:
 *    - `name`, the name the request gave the new image
 *      (CopyImageCrossRegion, https://support.huaweicloud.com/api-ims/ims_03_0628.html;
 *      the look-up asks ListImages for exactly that name and
 *      `__imagetype` private, https://support.huaweicloud.com/api-ims/ims_03_0602.html);
 *    - `owner`, the project the image belongs to: the destination project
 *      (ListImages; an image that does not say is not held against);
 *    - `created_at`, after the submission less the clock skew the gateway
 *      allows (ListImages gives it in UTC): an older image of the same name
 *      is not this copy, and an image without a creation time cannot be
 *      shown to be it;
 *    - and no other task has taken the image as its copy.
 *  - assumed, used only to choose among several candidates and never to
 *    rule one out: `__originalimagename` is documented as the parent
 *    image's id, but not that a copy names its source there; and no
 *    reference gives the value of `__data_origin` for a copy (the sandbox
 *    writes "image,<source region>,<source id>"; the service may write
 *    anything). A copy whose origin members say something else is still
 *    found.
 * Among several candidates: one that names the source, then the earliest
 * made. Either way a copy exists, so none is sent again. */
static FerryImage *
find_copy (FerryCopyQueue *self,
           FerryCopyTask  *task,
           GListModel     *images)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (self->store);
  g_autoptr(FerryImage) best = NULL;
  gint64 earliest = ferry_queue_earliest_creation (self, task);
  gint64 best_created = 0;
  gboolean best_names_source = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);
      g_autoptr(GDateTime) created = NULL;
      const char *owner = ferry_image_get_owner (image);
      gboolean claimed = FALSE;
      gboolean source;
      gint64 when;

      if (g_strcmp0 (ferry_image_get_name (image), ferry_copy_task_get_name (task)) != 0)
        continue;
      if (owner != NULL && g_strcmp0 (owner, ferry_copy_task_get_destination_project_id (task)) != 0)
        continue;

      created = ferry_image_dup_created_date_time (image);
      if (created == NULL)
        continue;
      when = g_date_time_to_unix (created) * G_USEC_PER_SEC;
      if (when < earliest)
        continue;

      for (guint j = 0; j < tasks->len && !claimed; j++)
        {
          FerryCopyTask *other = g_ptr_array_index (tasks, j);

          claimed = g_strcmp0 (ferry_copy_task_get_id (other), ferry_copy_task_get_id (task)) != 0 &&
                    g_strcmp0 (ferry_copy_task_get_new_image_id (other), ferry_image_get_id (image)) == 0;
        }
      if (claimed)
        continue;

      source = names_source (image, task);
      if (best == NULL ||
          (source && !best_names_source) ||
          (source == best_names_source && when < best_created))
        {
          g_set_object (&best, image);
          best_created = when;
          best_names_source = source;
        }
    }

  return g_steal_pointer (&best);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Driver) d = user_data;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(FerryImage) found = NULL;
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *self = d->queue;
  const char *id = ferry_copy_task_get_id (d->task);
  gboolean unknown = FALSE;

  images = ferry_ims_list_images_finish (FERRY_CLIENT (object), result, &error);
  d->busy = FALSE;
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  d->last_lookup = ferry_queue_now (self);
  if (images == NULL)
    {
      g_debug ("task %s: look-up failed: %s", id, error->message);
      d->failures++;
      driver_schedule_next (d);
      return;
    }

  d->failures = 0;
  found = find_copy (self, d->task, images);
  if (found != NULL)
    {
      g_debug ("task %s: found the copy %s", id, ferry_image_get_id (found));
      ferry_queue_change_task (self, id, ACTIVE_STATES, TRUE, ferry_queue_apply_found, found,
                               NULL, NULL);
      driver_schedule_next (d);
      return;
    }

  if (ferry_copy_task_get_state (d->task) == FERRY_TASK_STATE_SUBMITTING)
    {
      ferry_queue_change_task (self, id, STATE_BIT (FERRY_TASK_STATE_SUBMITTING), TRUE,
                               ferry_queue_apply_missed, &unknown, NULL, NULL);
      if (unknown)
        {
          driver_drop (d);
          ferry_queue_schedule_tick (self, 0);
          return;
        }
    }

  driver_schedule_next (d);
}

static void
driver_lookup (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  FerryImageQuery query = {
    .image_type = "private",
    .name = ferry_copy_task_get_name (d->task),
    .owner = ferry_copy_task_get_destination_project_id (d->task),
    .limit = 100,
  };

  d->busy = TRUE;
  ferry_ims_list_images_async (self->client,
                               ferry_copy_task_get_destination_region (d->task),
                               ferry_copy_task_get_destination_project_id (d->task),
                               &query, self->cancellable, lookup_cb, driver_ref (d));
}

/* Polling the job, in the source region */

static void driver_poll_job (Driver           *d,
                             FerryJobEndpoint  endpoint,
                             gboolean          second_try);

typedef struct
{
  Driver           *driver;
  FerryJobEndpoint  endpoint;
  gboolean          second_try;
} JobPoll;

static void
job_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autofree JobPoll *poll = user_data;
  g_autoptr(Driver) d = poll->driver;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *self = d->queue;
  const char *id = ferry_copy_task_get_id (d->task);

  job = ferry_ims_get_job_finish (FERRY_CLIENT (object), result, &error);
  d->busy = FALSE;
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (job == NULL)
    {
      if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
        {
          if (!poll->second_try)
            {
              /* The other endpoint may know it. */
              driver_poll_job (d, poll->endpoint == FERRY_JOB_ENDPOINT_PROJECT ?
                                  FERRY_JOB_ENDPOINT_CLOUDIMAGES : FERRY_JOB_ENDPOINT_PROJECT,
                               TRUE);
              return;
            }
          /* Neither knows the job (any more): the copy itself tells. */
          g_debug ("task %s: no endpoint knows the job: looking for the copy", id);
          driver_lookup (d);
          return;
        }

      /* Only the service fails a copy; our trouble asking is not its. */
      g_debug ("task %s: poll failed: %s", id, error->message);
      d->failures++;
      driver_schedule_next (d);
      return;
    }

  d->failures = 0;
  {
    JobData data = { job, poll->endpoint };

    ferry_queue_change_task (self, id, STATE_BIT (FERRY_TASK_STATE_RUNNING), TRUE,
                             ferry_queue_apply_job, &data, NULL, NULL);
  }
  /* The job is over: the new image may be ready already, and waiting a
   * whole interval to ask would make the end late by up to two. */
  if (ferry_copy_task_get_state (d->task) == FERRY_TASK_STATE_FINISHING && driver_still_mine (d))
    driver_schedule (d, 0);
  else
    driver_schedule_next (d);
}

static void
driver_poll_job (Driver           *d,
                 FerryJobEndpoint  endpoint,
                 gboolean          second_try)
{
  FerryCopyQueue *self = d->queue;
  JobPoll *poll = g_new0 (JobPoll, 1);

  poll->driver = driver_ref (d);
  poll->endpoint = endpoint;
  poll->second_try = second_try;
  d->busy = TRUE;
  ferry_ims_get_job_async (self->client,
                           ferry_copy_task_get_source_region (d->task),
                           ferry_copy_task_get_source_project_id (d->task),
                           ferry_copy_task_get_job_id (d->task),
                           endpoint, self->cancellable, job_cb, poll);
}

/* Polling the new image, in the destination region */

static void
image_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Driver) d = user_data;
  g_autoptr(FerryImage) image = NULL;
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *self = d->queue;
  const char *id = ferry_copy_task_get_id (d->task);

  image = ferry_ims_get_image_finish (FERRY_CLIENT (object), result, &error);
  d->busy = FALSE;
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (image == NULL)
    {
      /* Not listed yet, or trouble asking: later. */
      g_debug ("task %s: new image not there yet: %s", id, error->message);
      if (!g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
        d->failures++;
      driver_schedule_next (d);
      return;
    }

  d->failures = 0;
  ferry_queue_change_task (self, id, STATE_BIT (FERRY_TASK_STATE_FINISHING), TRUE,
                           ferry_queue_apply_image, image, NULL, NULL);
  /* The tags follow at once. */
  if (ferry_copy_task_get_tags_pending (d->task) && driver_still_mine (d))
    driver_schedule (d, 0);
  else
    driver_schedule_next (d);
}

static void
driver_poll_image (Driver *d)
{
  FerryCopyQueue *self = d->queue;

  d->busy = TRUE;
  ferry_ims_get_image_async (self->client,
                             ferry_copy_task_get_destination_region (d->task),
                             ferry_copy_task_get_destination_project_id (d->task),
                             ferry_copy_task_get_new_image_id (d->task),
                             self->cancellable, image_cb, driver_ref (d));
}

/* Copying the source image's tags to the new image, once it is active.
 * Every call is idempotent (ims_03_0617, ims_03_0618), so the step starts
 * over after a restart or a failure to reach the service: tags set before
 * are set again, to the same values. One batch first; when the service
 * refuses it, tag by tag, so that the refused ones are known by name and
 * the others still arrive. */

typedef struct
{
  Driver     *driver;
  GListModel *tags;
  guint       index;
  guint       copied;
  GPtrArray  *failures;
} TagCopy;

static void
tag_copy_free (TagCopy *t)
{
  driver_unref (t->driver);
  g_clear_object (&t->tags);
  g_clear_pointer (&t->failures, g_ptr_array_unref);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TagCopy, tag_copy_free)

static void
tags_end (TagCopy *t)
{
  Driver *d = t->driver;
  TagsDone done = { t->copied, t->failures };

  d->failures = 0;
  ferry_queue_change_task (d->queue, ferry_copy_task_get_id (d->task),
                           STATE_BIT (FERRY_TASK_STATE_FINISHING), TRUE,
                           ferry_queue_apply_tags_done, &done, NULL, NULL);
  driver_schedule_next (d);
}

static void
tag_failure_add (TagCopy      *t,
                 const char   *key,
                 const GError *error)
{
  g_ptr_array_add (t->failures,
                   ferry_tag_failure_new (key, ferry_api_error_get_server_code (error),
                                          error->message));
}

/* Our trouble reaching the service: the step is tried again later, up to
 * FERRY_COPY_QUEUE_TAG_ATTEMPTS times, then the tags are reported as not
 * copied (never dropped without a word). */
static void
tags_trouble (TagCopy      *t,
              const GError *error)
{
  Driver *d = t->driver;

  g_debug ("task %s: copying tags: %s", ferry_copy_task_get_id (d->task), error->message);
  if (++d->failures < FERRY_COPY_QUEUE_TAG_ATTEMPTS)
    {
      driver_schedule_next (d);
      return;
    }
  g_ptr_array_set_size (t->failures, 0);
  t->copied = 0;
  tag_failure_add (t, NULL, error);
  tags_end (t);
}

static void tags_add_next (TagCopy *t);

static void
tag_added_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TagCopy) t = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryImageTag) tag = g_list_model_get_item (t->tags, t->index);
  Driver *d = t->driver;

  d->busy = FALSE;
  if (!ferry_ims_add_image_tag_finish (FERRY_CLIENT (object), result, &error))
    {
      if (d->queue == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (ferry_api_error_is_transient (error))
        {
          tags_trouble (t, error);
          return;
        }
      tag_failure_add (t, ferry_image_tag_get_key (tag), error);
    }
  else
    {
      if (d->queue == NULL)
        return;
      t->copied++;
    }

  t->index++;
  tags_add_next (g_steal_pointer (&t));
}

static void
tags_add_next (TagCopy *t)
{
  Driver *d = t->driver;
  g_autoptr(FerryImageTag) tag = NULL;

  if (t->index >= g_list_model_get_n_items (t->tags))
    {
      tags_end (t);
      tag_copy_free (t);
      return;
    }

  tag = g_list_model_get_item (t->tags, t->index);
  d->busy = TRUE;
  ferry_ims_add_image_tag_async (d->queue->client,
                                 ferry_copy_task_get_destination_region (d->task),
                                 ferry_copy_task_get_destination_project_id (d->task),
                                 ferry_copy_task_get_new_image_id (d->task),
                                 tag, d->queue->cancellable, tag_added_cb, t);
}

static void
tags_batch_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TagCopy) t = user_data;
  g_autoptr(GError) error = NULL;
  Driver *d = t->driver;
  guint n = g_list_model_get_n_items (t->tags);

  d->busy = FALSE;
  if (ferry_ims_add_image_tags_finish (FERRY_CLIENT (object), result, &error))
    {
      if (d->queue == NULL)
        return;
      t->copied = n;
      tags_end (t);
      return;
    }
  if (d->queue == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ferry_api_error_is_transient (error))
    tags_trouble (t, error);
  else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_FAILED))
    {
      /* One tag (or their number) refused the batch: find out which. */
      g_debug ("task %s: batch of tags refused (%s): one by one",
               ferry_copy_task_get_id (d->task), error->message);
      t->index = 0;
      t->copied = 0;
      tags_add_next (g_steal_pointer (&t));
    }
  else
    {
      /* Not allowed, or no such image: no tag can be set. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryImageTag) tag = g_list_model_get_item (t->tags, i);

          tag_failure_add (t, ferry_image_tag_get_key (tag), error);
        }
      tags_end (t);
    }
}

static void
tags_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TagCopy) t = user_data;
  g_autoptr(GError) error = NULL;
  Driver *d = t->driver;
  GListModel *tags;

  t->tags = ferry_ims_list_image_tags_finish (FERRY_CLIENT (object), result, &error);
  d->busy = FALSE;
  if (d->queue == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (t->tags == NULL)
    {
      if (ferry_api_error_is_transient (error))
        tags_trouble (t, error);
      else
        {
          /* The source image is gone, or its tags cannot be read. */
          tag_failure_add (t, NULL, error);
          tags_end (t);
        }
      return;
    }

  if (g_list_model_get_n_items (t->tags) == 0)
    {
      tags_end (t);
      return;
    }

  d->busy = TRUE;
  tags = t->tags;
  ferry_ims_add_image_tags_async (d->queue->client,
                                  ferry_copy_task_get_destination_region (d->task),
                                  ferry_copy_task_get_destination_project_id (d->task),
                                  ferry_copy_task_get_new_image_id (d->task),
                                  tags, d->queue->cancellable, tags_batch_cb,
                                  g_steal_pointer (&t));
}

static void
driver_copy_tags (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  TagCopy *t = g_new0 (TagCopy, 1);

  t->driver = driver_ref (d);
  t->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_tag_failure_free);
  d->busy = TRUE;
  ferry_ims_list_image_tags_async (self->client,
                                   ferry_copy_task_get_source_region (d->task),
                                   ferry_copy_task_get_source_project_id (d->task),
                                   ferry_copy_task_get_image_id (d->task),
                                   self->cancellable, tags_listed_cb, t);
}

static void
driver_run (Driver *d)
{
  FerryCopyTask *task = d->task;

  if (d->busy || !driver_still_mine (d))
    return;

  if (d->outcome.kind != OUTCOME_NONE)
    {
      driver_save_outcome (d);
      return;
    }

  switch (ferry_copy_task_get_state (task))
    {
    case FERRY_TASK_STATE_SUBMITTING:
      driver_lookup (d);
      break;

    case FERRY_TASK_STATE_RUNNING:
      if (ferry_copy_task_get_job_id (task) != NULL)
        {
          FerryJobEndpoint endpoint = FERRY_JOB_ENDPOINT_PROJECT;

          ferry_copy_task_get_job_endpoint (task, &endpoint);
          driver_poll_job (d, endpoint, FALSE);
        }
      else
        driver_lookup (d);
      break;

    case FERRY_TASK_STATE_FINISHING:
      if (ferry_copy_task_get_tags_pending (task) &&
          ferry_copy_task_get_new_image_id (task) != NULL)
        driver_copy_tags (d);
      else if (ferry_copy_task_get_new_image_id (task) != NULL)
        driver_poll_image (d);
      else
        driver_lookup (d);
      break;

    case FERRY_TASK_STATE_QUEUED:
    case FERRY_TASK_STATE_DONE:
    case FERRY_TASK_STATE_FAILED:
    case FERRY_TASK_STATE_REMOVED:
    default:
      driver_drop (d);
      break;
    }
}

/* Entry points */

gboolean
ferry_queue_submit (FerryCopyQueue *self,
                    FerryCopyTask  *task)
{
  g_autoptr(GError) error = NULL;
  ClaimData claim = { ferry_queue_now (self), 0 };
  gboolean claimed = FALSE;
  Driver *d;

  /* Saved as SUBMITTING, with us as owner, before the request leaves. */
  if (!ferry_queue_change_task (self, ferry_copy_task_get_id (task),
                                STATE_BIT (FERRY_TASK_STATE_QUEUED), FALSE,
                                ferry_queue_apply_claim, &claim, &claimed, &error))
    {
      g_debug ("task %s: not claimed: %s", ferry_copy_task_get_id (task), error->message);
      return FALSE;
    }
  if (!claimed)
    return FALSE;

  g_debug ("task %s: submitting (%u in flight before it)", ferry_copy_task_get_id (task),
           claim.in_flight);
  d = driver_new (self, ferry_task_store_lookup (self->store, ferry_copy_task_get_id (task)));
  driver_post (d);
  return TRUE;
}

void
ferry_queue_drive (FerryCopyQueue *self,
                   FerryCopyTask  *task)
{
  Driver *d = driver_new (self, task);

  if (!d->busy && d->timer == NULL)
    driver_schedule (d, 0);
}

void
ferry_queue_let_go (FerryCopyQueue *self,
                    const char     *task_id)
{
  Driver *d = g_hash_table_lookup (self->drivers, task_id);

  if (d != NULL && !d->posting)
    driver_drop (d);
}
