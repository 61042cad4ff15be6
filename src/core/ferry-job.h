/* ferry-job.h: one IMS asynchronous job (a copy in progress)
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_JOB_STATUS_INIT,
  FERRY_JOB_STATUS_RUNNING,
  FERRY_JOB_STATUS_SUCCESS,
  FERRY_JOB_STATUS_FAIL,
  FERRY_JOB_STATUS_UNKNOWN,
} FerryJobStatus;

#define FERRY_TYPE_JOB_STATUS (ferry_job_status_get_type ())

GType ferry_job_status_get_type (void);

#define FERRY_TYPE_JOB (ferry_job_get_type ())

G_DECLARE_FINAL_TYPE (FerryJob, ferry_job, FERRY, JOB, GObject)

/* Reads the reply of GET /v1/{project_id}/jobs/{job_id} (or
 * GET /v1/cloudimages/job/{job_id}). `status` is compared without regard
 * to case; a missing or unknown one is FERRY_JOB_STATUS_UNKNOWN. Empty
 * strings and nulls are read as absent (NULL). Fails with
 * FERRY_API_ERROR_INVALID_RESPONSE when `job_id` is missing or empty,
 * `entities` is not an object, or a member has an impossible type. */
FerryJob       *ferry_job_new_from_json        (JsonObject  *object,
                                                GError     **error);

/* A JSON object for `ferryctl --json` (absent strings are left out):
 *   "id": string (the job id)
 *   "status": init | running | success | fail | unknown
 *   "final": boolean
 *   "job_type", "begin_time", "end_time", "error_code", "fail_reason": strings
 *   "image_id", "image_name", "current_task": strings
 *   "progress": number, the fraction done, 0 to 1 */
JsonNode       *ferry_job_serialize            (FerryJob    *self);

const char     *ferry_job_get_id               (FerryJob    *self);
FerryJobStatus  ferry_job_get_status           (FerryJob    *self);
const char     *ferry_job_get_job_type         (FerryJob    *self);
const char     *ferry_job_get_begin_time       (FerryJob    *self);
const char     *ferry_job_get_end_time         (FerryJob    *self);
const char     *ferry_job_get_error_code       (FerryJob    *self);
const char     *ferry_job_get_fail_reason      (FerryJob    *self);
/* The new image, in the destination region for a cross-region copy. */
const char     *ferry_job_get_image_id         (FerryJob    *self);
const char     *ferry_job_get_image_name       (FerryJob    *self);
/* The fraction done, clamped to 0..1; 0 when IMS does not say. */
double          ferry_job_get_process_percent  (FerryJob    *self);
const char     *ferry_job_get_current_task     (FerryJob    *self);

/* Whether the job is over (SUCCESS or FAIL): no use polling it again. */
gboolean        ferry_job_status_is_final      (FerryJobStatus  status);

/* A job's step (ferry_job_get_current_task(), saved as the task's
 * current step) for the user. ferry_job_step_lookup(): the translation of
 * a step Ferry knows, or NULL. ferry_job_dup_step_text(): "Step: …" with
 * the translated step, or, for a step Ferry does not know, "Step reported
 * by the service: …" with the service's words as they came (translated
 * frame); NULL for no step. The app and ferryctl both show steps so. */
const char     *ferry_job_step_lookup          (const char  *step);
char           *ferry_job_dup_step_text        (const char  *step);

G_END_DECLS
