/* ferry-copy-plan.h: the facts of a copy, gathered at once, and every rule's answer
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-copy-task.h"
#include "ferry-image.h"
#include "ferry-rules.h"
#include "ferry-task-store.h"

G_BEGIN_DECLS

/* A FerryCopyPlan is one question: may these images be copied from this
 * region to these destinations, with this agency, these vaults and these
 * names? It learns every fact the question needs in parallel, at most two
 * rounds of requests whatever the number of images and destinations:
 *
 *   1. the images (by id or by name), the agency (the account's agencies),
 *      each destination's vault (by id, ShowVault), and, from the task
 *      store, the copies in flight;
 *   2. the agency's IMS Administrator grants on the source and on every
 *      destination project (ferry_iam_check_ims_grants_async), and each
 *      destination project's images named like the copy (earlier copies)
 *      and its image quota (ShowImageQuota).
 *
 * and answers from the rules engine only (ferry-rules.h): per image (what
 * rules it out everywhere) and per (image, destination). The answers can
 * be read at any time: a fact not learned yet, or that could not be
 * learned, holds nothing against the copy (the grants then stay UNKNOWN,
 * as the engine expects), so partial answers can be shown while facts
 * load ("changed" is emitted as each one comes in).
 *
 * Facts are kept: changing the question (another destination, name, vault
 * or agency) and gathering again asks only for what is not known yet, and
 * a fact being fetched for an earlier gathering is waited for, not asked
 * twice. ferryctl asks once; the copy dialog asks after every change,
 * told the choices its sections know already (ferry_copy_plan_set_agency(),
 * _set_vault(), _set_grant()), and takes the plan's answers as its
 * verdict; the queue asks for one task (ferry_copy_plan_new_for_task())
 * right before it submits it. */

#define FERRY_COPY_PLAN_ERROR (ferry_copy_plan_error_quark ())

typedef enum
{
  FERRY_COPY_PLAN_ERROR_NO_IMAGE_NAMED,   /* no private image of the source has that name */
  FERRY_COPY_PLAN_ERROR_AMBIGUOUS_NAME,   /* several have it: the id is needed */
} FerryCopyPlanError;

GQuark ferry_copy_plan_error_quark (void);

/* The facts a plan gathers, for ferry_copy_plan_get_fact_state(). */
typedef enum
{
  FERRY_COPY_FACT_IMAGES,
  FERRY_COPY_FACT_AGENCY,
  FERRY_COPY_FACT_VAULTS,
  FERRY_COPY_FACT_GRANTS,
  FERRY_COPY_FACT_EARLIER_COPIES,
  /* Never FAILED: a quota the service will not tell is known to be
   * unknown (ferry_copy_plan_describe_quota() says so), and holds nothing
   * against the copy. */
  FERRY_COPY_FACT_QUOTAS,
} FerryCopyFact;

typedef enum
{
  FERRY_COPY_FACT_STATE_KNOWN,    /* learned (or not needed by the question) */
  FERRY_COPY_FACT_STATE_PENDING,  /* not learned yet: gather, or wait for "changed" */
  FERRY_COPY_FACT_STATE_FAILED,   /* could not be learned: the error says why */
} FerryCopyFactState;

/* What is known of an earlier copy of the same image to the same
 * destination project, strongest first. */
typedef enum
{
  FERRY_EARLIER_COPY_NONE,
  /* The same copy is queued or running in Ferry (the task store), or
   * its outcome is unknown (it may have been made; the user decides). */
  FERRY_EARLIER_COPY_IN_QUEUE,
  /* Ferry made it before (a finished task). */
  FERRY_EARLIER_COPY_MADE,
  /* The destination project holds an image of the copy's name whose
   * origin is this image (see ferry-copy-plan.c for which fields say so). */
  FERRY_EARLIER_COPY_FOUND,
  /* The destination project holds an image of the copy's name, but its
   * record does not say where it comes from: it may be an earlier copy. */
  FERRY_EARLIER_COPY_SAME_NAME,
} FerryEarlierCopy;

#define FERRY_TYPE_COPY_PLAN (ferry_copy_plan_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyPlan, ferry_copy_plan, FERRY, COPY_PLAN, GObject)

/* A question about copies from @source_region, of @kind. For an in-region
 * copy the one destination is the source project, set already. */
FerryCopyPlan      *ferry_copy_plan_new                   (FerryClient     *client,
                                                           FerryAccount    *account,
                                                           const char      *source_region,
                                                           FerryCopyKind    kind);
/* The question the queue asks right before it submits @task: its image
 * (in the task's source project), destination, agency, vault and name,
 * with @store's copies in flight and history, @task itself left out of
 * both. The destination is not searched for images named like the copy:
 * the user chose it when it was queued. */
FerryCopyPlan      *ferry_copy_plan_new_for_task          (FerryClient     *client,
                                                           FerryAccount    *account,
                                                           FerryTaskStore  *store,
                                                           FerryCopyTask   *task);

/* The question. Each returns the index of what it added; adding the same
 * image or destination twice gives the index of the first: it is one. */
guint               ferry_copy_plan_add_image_id          (FerryCopyPlan   *self,
                                                           const char      *image_id);
/* The one private image of that name in the source project; gathering
 * fails with FERRY_COPY_PLAN_ERROR_* for it when there is none or more. */
guint               ferry_copy_plan_add_image_name        (FerryCopyPlan   *self,
                                                           const char      *name);
/* An image known already: never fetched again. */
guint               ferry_copy_plan_add_image             (FerryCopyPlan   *self,
                                                           FerryImage      *image);
/* @project: a project name (a sub-project) or id of @region, or NULL for
 * the region's default project. Cross-region plans only. */
guint               ferry_copy_plan_add_destination       (FerryCopyPlan   *self,
                                                           const char      *region,
                                                           const char      *project);
void                ferry_copy_plan_clear_destinations    (FerryCopyPlan   *self);
/* NULL: no agency chosen (the answer then says so: agency-missing). */
void                ferry_copy_plan_set_agency_name       (FerryCopyPlan   *self,
                                                           const char      *name);
/* The vault chosen in @destination's project, or NULL for none. */
void                ferry_copy_plan_set_vault_id          (FerryCopyPlan   *self,
                                                           guint            destination,
                                                           const char      *vault_id);
/* Choices the caller knows already, from lists of its own (the copy
 * dialog's sections): never fetched again, and what they hold is the
 * question's. ferry_copy_plan_set_agency() sets the agency's name too
 * (NULL: none chosen); ferry_copy_plan_set_vault() the vault's id in
 * @destination's project (NULL: none). */
void                ferry_copy_plan_set_agency            (FerryCopyPlan   *self,
                                                           FerryAgency     *agency);
void                ferry_copy_plan_set_vault             (FerryCopyPlan   *self,
                                                           guint            destination,
                                                           FerryVault      *vault);
/* What is known of IMS Administrator for the agency set with
 * ferry_copy_plan_set_agency() on @scope (a region for its default
 * project, a sub-project by its name, as ferry_iam_check_ims_grants_async()
 * takes it), learnt elsewhere; FERRY_GRANT_UNKNOWN forgets what the plan
 * knew. A grant the plan is asking for itself is left to its answer. */
void                ferry_copy_plan_set_grant             (FerryCopyPlan   *self,
                                                           const char      *scope,
                                                           FerryGrant       grant);
/* The new image's name; NULL for the default, copy_<region>_<name>. */
void                ferry_copy_plan_set_name              (FerryCopyPlan   *self,
                                                           guint            image,
                                                           const char      *name);
/* Where the copies in flight and Ferry's earlier copies are known (the
 * queue's store, ferry_copy_queue_get_store()); NULL for none: then
 * neither holds against the copy. The plan reads it, never changes it. */
void                ferry_copy_plan_set_task_store        (FerryCopyPlan   *self,
                                                           FerryTaskStore  *store);

/* Whether the plan looks for earlier copies in the destinations (one
 * listing per image and destination); TRUE unless told. The copy dialog,
 * which does not show them, asks for the rest only. */
void                ferry_copy_plan_set_look_for_earlier_copies (FerryCopyPlan *self,
                                                           gboolean         look);

/* Whether the plan checks the agency's grants itself (round two); TRUE
 * unless told. The copy dialog, whose agency section checks them through
 * the session's cache and shows them, tells the plan instead
 * (ferry_copy_plan_set_grant()). */
void                ferry_copy_plan_set_check_grants      (FerryCopyPlan   *self,
                                                           gboolean         check);

/* Learns what the question needs and is not known yet. FALSE with the
 * first error of a fact that could not be learned, in the order of
 * FerryCopyFact (the answers still hold everything else); cancelling
 * @cancellable ends this gathering only: the requests go on and fill the
 * plan for the next one. */
void                ferry_copy_plan_gather_async          (FerryCopyPlan        *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean            ferry_copy_plan_gather_finish         (FerryCopyPlan        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
/* Where a fact of the current question stands; @error (optional) gets
 * the first error of a FAILED one. */
FerryCopyFactState  ferry_copy_plan_get_fact_state        (FerryCopyPlan   *self,
                                                           FerryCopyFact    fact,
                                                           const GError   **error);

/* The answer. */
FerryCopyKind       ferry_copy_plan_get_kind              (FerryCopyPlan   *self);
FerryRegion        *ferry_copy_plan_get_source            (FerryCopyPlan   *self);
guint               ferry_copy_plan_get_n_images          (FerryCopyPlan   *self);
/* NULL until learned, or when it could not be (the error says why). */
FerryImage         *ferry_copy_plan_get_image             (FerryCopyPlan   *self,
                                                           guint            image);
const GError       *ferry_copy_plan_get_image_error       (FerryCopyPlan   *self,
                                                           guint            image);
/* The name the copy of @image gets (NULL while the image is not known
 * and no name was set). */
char               *ferry_copy_plan_dup_name              (FerryCopyPlan   *self,
                                                           guint            image);
guint               ferry_copy_plan_get_n_destinations    (FerryCopyPlan   *self);
FerryRegion        *ferry_copy_plan_get_destination       (FerryCopyPlan   *self,
                                                           guint            destination);
/* NULL when the account has no such project there. */
FerryProject       *ferry_copy_plan_get_destination_project (FerryCopyPlan *self,
                                                           guint            destination);
/* The agency named, once found; NULL otherwise. */
FerryAgency        *ferry_copy_plan_get_agency            (FerryCopyPlan   *self);
/* TRUE when the account's agencies were read and none has the name set
 * (deleted, or never made); FALSE while not known, or when they could not
 * be read. */
gboolean            ferry_copy_plan_is_agency_missing     (FerryCopyPlan   *self);
/* The agency's IMS Administrator on the source project, and on
 * @destination's, as learnt or told: FERRY_GRANT_UNKNOWN while not
 * known, and without an agency. */
FerryGrant          ferry_copy_plan_get_source_grant      (FerryCopyPlan   *self);
FerryGrant          ferry_copy_plan_get_grant             (FerryCopyPlan   *self,
                                                           guint            destination);
/* The account's cross-region copies in flight, as last gathered. */
guint               ferry_copy_plan_get_copies_in_flight  (FerryCopyPlan   *self);

/* Why @destination's image quota is not known, as one translated
 * sentence (it is then not checked), or NULL when it is known or still
 * being learned. */
char               *ferry_copy_plan_describe_quota        (FerryCopyPlan   *self,
                                                           guint            destination);

/* What rules the image out whatever the destination (FerryViolation):
 * ferry_rules_check_image() with every region of the catalogue. Empty
 * when it may go somewhere; NULL while the image is not known. */
GPtrArray          *ferry_copy_plan_dup_image_violations  (FerryCopyPlan   *self,
                                                           guint            image);
/* The same verdict for any image of the plan's source region, without
 * adding it to the question: the images page asks it of every row. */
GPtrArray          *ferry_copy_plan_judge_image           (FerryCopyPlan   *self,
                                                           FerryImage      *image);
/* Every rule a copy of @image to @destination breaks (FerryViolation):
 * ferry_rules_check_request() (cross-region) or
 * ferry_rules_check_in_region(), on the facts learned. NULL while the
 * image is not known. The image quota of the destination project must
 * hold every image of the plan that may go somewhere (each makes one
 * there) beside the copies into that project already under way: the
 * store's tasks of the account submitted or running there, which have
 * their image reserved but, until the job makes it, not in "used". */
GPtrArray          *ferry_copy_plan_dup_violations        (FerryCopyPlan   *self,
                                                           guint            image,
                                                           guint            destination);
/* An earlier copy of @image in @destination's project, as far as it is
 * known; @task_id (optional) gets the task that made or makes it,
 * @image_id (optional) the copy in the destination, when known. */
FerryEarlierCopy    ferry_copy_plan_get_earlier_copy      (FerryCopyPlan   *self,
                                                           guint            image,
                                                           guint            destination,
                                                           const char     **task_id,
                                                           const char     **image_id);
/* The same as one translated sentence, or NULL when there is none. */
char               *ferry_copy_plan_describe_earlier_copy (FerryCopyPlan   *self,
                                                           guint            image,
                                                           guint            destination);

G_END_DECLS
