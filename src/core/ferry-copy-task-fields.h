/* ferry-copy-task-fields.h: the members of a FerryCopyTask, for its own files only
 *
 * ferry-copy-task.c is the object and its properties;
 * ferry-copy-task-json.c is its form in the task file. Nothing else
 * includes this: the queue and the store go through
 * ferry-copy-task-private.h.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-task-private.h"
#include "ferry-ims.h"

G_BEGIN_DECLS

/* The string members, in the order of their properties (ferry-copy-task.c). */
typedef enum
{
  S_ID,
  S_DOMAIN_ID,
  S_IMAGE_ID,
  S_IMAGE_NAME,
  S_SOURCE_REGION,
  S_SOURCE_PROJECT_ID,
  S_DESTINATION_REGION,
  S_DESTINATION_PROJECT_NAME,
  S_DESTINATION_PROJECT_ID,
  S_NAME,
  S_DESCRIPTION,
  S_AGENCY_NAME,
  S_VAULT_ID,
  S_CMK_ID,
  S_JOB_ID,
  S_NEW_IMAGE_ID,
  S_CURRENT_STEP,
  S_ERROR_CODE,
  S_ERROR_MESSAGE,
  S_ERROR_SENTENCE,
  S_HINT,
  N_STRINGS
} StringField;

/* The times, likewise. */
typedef enum
{
  T_CREATED_AT,
  T_QUEUED_AT,
  T_SUBMITTED_AT,
  T_FINISHED_AT,
  T_LAST_PROGRESS_AT,
  T_NEXT_ATTEMPT_AT,
  T_LEASE_UNTIL,
  N_TIMES
} TimeField;

typedef struct
{
  const char *property;
  const char *member;
} FieldName;

/* A member's property name and its name in the task file. */
extern const FieldName ferry_task_string_names[N_STRINGS];
extern const FieldName ferry_task_time_names[N_TIMES];

#define N_JOB_ENDPOINTS (FERRY_JOB_ENDPOINT_CLOUDIMAGES + 1)

/* A FerryJobEndpoint's name, in the property and in the task file. */
extern const char * const ferry_task_job_endpoint_names[N_JOB_ENDPOINTS];

struct _FerryCopyTask
{
  GObject           parent_instance;

  char             *strings[N_STRINGS];
  gint64            times[N_TIMES];
  FerryCopyKind     kind;
  FerryTaskState    state;
  FerryJobEndpoint  job_endpoint;
  double            fraction;
  guint             attempts;
  guint             lookups;

  gint64            owner_pid;
  char             *owner_host;
  char             *owner_boot_id;
  char             *owner_instance;
  char             *owner_display;

  guint             tags_copied;
  GPtrArray        *tag_failures;    /* FerryTagFailure; NULL: no outcome yet */

  /* Changes with every change of a member: unique in the process. */
  guint64           revision;

  guint             has_job_endpoint : 1;
  guint             still_running : 1;
  guint             copy_tags : 1;
  guint             tags_pending : 1;
};

G_END_DECLS
