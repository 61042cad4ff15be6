/* test-copy-queue.h: what the copy queue's tests share (test-copy-queue*.c)
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ferry-client-private.h"
#include "ferry-copy-plan.h"
#include "ferry-copy-queue-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-rules.h"
#include "ferry-sandbox.h"
#include "ferry-test-client.h"
#include "ferry-test-files.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-wait.h"

G_BEGIN_DECLS

/* One program: the fixture, the helpers and main() in test-copy-queue.c, the
 * tests by theme in test-copy-queue-turns.c, test-copy-queue-outcomes.c and
 * test-copy-queue-follow.c. */

#define CROSS_REGION_POST "POST /v1/cloudimages/{image_id}/cross_region_copy"
#define IN_REGION_POST    "POST /v1/cloudimages/{image_id}/copy"
#define JOB_PROJECT_GET   "GET /v1/{project_id}/jobs/{job_id}"
#define JOB_IMAGES_GET    "GET /v1/cloudimages/job/{job_id}"
#define IMAGES_GET        "GET /v2/cloudimages"
#define AGENCY            "ims_administrator_agency"

typedef struct
{
  guint  copy_seconds;
  double fail_rate;
  double throttle_rate;
  double drop_rate;
} Options;

typedef struct
{
  FerrySandbox         *sandbox;
  FerryRegionCatalogue *catalogue;
  FerryClient          *client;
  FerryAccount         *account;
  FerryTestWait         wait;
  FerryImage           *web;
  char                 *dir;
  char                 *path;

  /* A pass-through to the sandbox that does to copy requests what
   * @actions says, one letter each, in order: 'r' refuses it (IMG.0149),
   * 'u' answers 503 without passing it on, 'd' passes it on and drops the
   * answer; then it passes them on. */
  SoupServer           *proxy;
  SoupSession          *forward;
  char                 *actions;
  guint                 posts;
  /* The destination lists images with other origin members than the
   * sandbox writes, as the real service may. */
  gboolean              other_origin;
} Fixture;

void fixture_setup    (Fixture       *f,
                       gconstpointer  data);
void fixture_teardown (Fixture       *f,
                       gconstpointer  data);

/* A client of the sandbox, or of @endpoint (a template) when not NULL. */
FerryClient    *new_client       (Fixture           *f,
                                  const char        *endpoint);
/* A copy of web-server from cn-north-4 to @destination, named @name. */
FerryCopyTask  *new_task         (Fixture           *f,
                                  const char        *name,
                                  const char        *destination,
                                  const char        *agency);
/* A queue whose time runs @scale times faster. */
FerryCopyQueue *new_queue        (Fixture           *f,
                                  FerryClient       *client,
                                  FerryTaskStore    *store,
                                  double             scale);

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds, failing after @seconds. */
void            wait_for          (Condition          condition,
                                   gpointer           data,
                                   guint              seconds);
/* Conditions on a queue (@data): every task final; every task final or
 * waiting for the user's decision. */
gboolean        queue_all_final   (gpointer           data);
gboolean        queue_all_settled (gpointer           data);
/* Decides every task of unknown outcome, as a user would; how many. */
guint           decide_unknown    (FerryCopyQueue    *queue,
                                   FerryCopyDecision  decision);
/* Private images named @name in @region. */
guint           count_images      (Fixture           *f,
                                   const char        *region,
                                   const char        *name);
/* Done, and made once: one image of its name in its destination. */
void            assert_done_once  (Fixture           *f,
                                   FerryCopyTask     *task);
/* How often the sandbox was asked for a job, by either route. */
gint64          job_polls         (Fixture           *f);

/* Starts the fixture's proxy with @actions; an endpoint template through it. */
char           *start_proxy       (Fixture           *f,
                                   const char        *actions);
/* A copy of web-server to cn-east-2, made with the client, not the queue; its
 * job id. */
char           *copy_directly     (Fixture           *f,
                                   const char        *name,
                                   GError           **error);

/* test-copy-queue-turns.c */

void test_five_at_a_time      (Fixture       *f,
                               gconstpointer  data);
void test_too_many            (Fixture       *f,
                               gconstpointer  data);
void test_refused_before_post (Fixture       *f,
                               gconstpointer  data);
void test_quota_raced         (Fixture       *f,
                               gconstpointer  data);
void test_two_processes       (Fixture       *f,
                               gconstpointer  data);

/* test-copy-queue-outcomes.c */

void test_faults                  (Fixture       *f,
                                   gconstpointer  data);
void test_lost_answers            (Fixture       *f,
                                   gconstpointer  data);
void test_lost_answer_copy_exists (Fixture       *f,
                                   gconstpointer  data);
void test_lost_answer_no_copy     (Fixture       *f,
                                   gconstpointer  data);
void test_job_failed              (Fixture       *f,
                                   gconstpointer  data);

/* test-copy-queue-follow.c */

void test_resume_copy_made  (Fixture       *f,
                             gconstpointer  data);
void test_resume_never_sent (Fixture       *f,
                             gconstpointer  data);
void test_tags_copied       (Fixture       *f,
                             gconstpointer  data);
void test_tag_refused       (Fixture       *f,
                             gconstpointer  data);
void test_resume_tags       (Fixture       *f,
                             gconstpointer  data);
void test_long_copy         (Fixture       *f,
                             gconstpointer  data);
void test_still_running     (Fixture       *f,
                             gconstpointer  data);

G_END_DECLS
