/* ferry-ims.h: Image Management Service calls
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-client.h"
#include "ferry-image.h"
#include "ferry-image-tag.h"
#include "ferry-job.h"

G_BEGIN_DECLS

#define FERRY_IMS_DEFAULT_PAGE_SIZE 500

/* Filters of GET /v2/cloudimages; NULL members are left out. */
typedef struct
{
  const char *image_type;        /* __imagetype: private, shared, gold, market */
  const char *status;
  const char *name;
  const char *id;
  const char *owner;
  const char *whole_image;       /* __whole_image: "true" or "false" */
  const char *virtual_env_type;
  const char *marker;            /* the last id of the previous page */
  guint       limit;             /* 0: the service's default */
} FerryImageQuery;

/* One page of FerryImage. */
void          ferry_ims_list_images_async        (FerryClient            *client,
                                                  const char             *region,
                                                  const char             *project_id,
                                                  const FerryImageQuery  *query,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
GListModel   *ferry_ims_list_images_finish       (FerryClient            *client,
                                                  GAsyncResult           *result,
                                                  GError                **error);

/* Called with each page as it arrives, before the next one is asked for. */
typedef void (*FerryImagePageFunc) (GListModel *page,
                                    gpointer    user_data);

/* Every page (the answer has no next marker: the last id of a page is the
 * marker of the next, until a page comes back short or empty). */
void          ferry_ims_list_all_images_async    (FerryClient            *client,
                                                  const char             *region,
                                                  const char             *project_id,
                                                  const FerryImageQuery  *query,
                                                  FerryImagePageFunc      page_func,
                                                  gpointer                page_data,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
GListModel   *ferry_ims_list_all_images_finish   (FerryClient            *client,
                                                  GAsyncResult           *result,
                                                  GError                **error);

/* One image by id; FERRY_API_ERROR_NOT_FOUND when there is none. */
void          ferry_ims_get_image_async          (FerryClient            *client,
                                                  const char             *region,
                                                  const char             *project_id,
                                                  const char             *image_id,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
FerryImage   *ferry_ims_get_image_finish         (FerryClient            *client,
                                                  GAsyncResult           *result,
                                                  GError                **error);

typedef struct
{
  const char *name;
  const char *description;
  const char *region;          /* destination region id */
  const char *project_name;    /* destination project name */
  const char *agency_name;
  const char *vault_id;        /* CBR whole images only */
} FerryCrossRegionCopy;

/* Sent to the SOURCE region; returns the job id. Never retried once it
 * may have reached the service. */
void          ferry_ims_cross_region_copy_async  (FerryClient                 *client,
                                                  const char                  *region,
                                                  const char                  *project_id,
                                                  const char                  *image_id,
                                                  const FerryCrossRegionCopy  *copy,
                                                  GCancellable                *cancellable,
                                                  GAsyncReadyCallback          callback,
                                                  gpointer                     user_data);
char         *ferry_ims_cross_region_copy_finish (FerryClient                 *client,
                                                  GAsyncResult                *result,
                                                  GError                     **error);

/* In-region copy; @cmk_id encrypts the copy when set. Returns the job id. */
void          ferry_ims_copy_async               (FerryClient            *client,
                                                  const char             *region,
                                                  const char             *project_id,
                                                  const char             *image_id,
                                                  const char             *name,
                                                  const char             *description,
                                                  const char             *cmk_id,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
char         *ferry_ims_copy_finish              (FerryClient            *client,
                                                  GAsyncResult           *result,
                                                  GError                **error);

typedef enum
{
  FERRY_JOB_ENDPOINT_PROJECT,      /* GET /v1/{project_id}/jobs/{job_id} */
  FERRY_JOB_ENDPOINT_CLOUDIMAGES,  /* GET /v1/cloudimages/job/{job_id} */
} FerryJobEndpoint;

void          ferry_ims_get_job_async            (FerryClient            *client,
                                                  const char             *region,
                                                  const char             *project_id,
                                                  const char             *job_id,
                                                  FerryJobEndpoint        endpoint,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
FerryJob     *ferry_ims_get_job_finish           (FerryClient            *client,
                                                  GAsyncResult           *result,
                                                  GError                **error);

/* A project's private-image quota: the resource of type "image" of
 * ShowImageQuota (documented, ims_03_0630: "image" is the private images,
 * "image_shared" and "image_member" the others). Every member is required
 * (SDK QuotaInfo: none is optional). */
typedef struct
{
  guint64 used;   /* the images the project holds */
  guint64 quota;  /* how many it may hold */
  guint64 min;
  guint64 max;
} FerryImageQuota;

#define FERRY_TYPE_IMAGE_QUOTA (ferry_image_quota_get_type ())
GType            ferry_image_quota_get_type        (void) G_GNUC_CONST;
FerryImageQuota *ferry_image_quota_copy            (const FerryImageQuota  *quota);
void             ferry_image_quota_free            (FerryImageQuota        *quota);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryImageQuota, ferry_image_quota_free)
/* The "image" resource of a whole ShowImageQuota answer. */
FerryImageQuota *ferry_image_quota_new_from_json   (JsonObject             *answer,
                                                    GError                **error);

/* GET /v1/cloudimages/quota, for @project_id of @region. */
void             ferry_ims_get_image_quota_async   (FerryClient            *client,
                                                    const char             *region,
                                                    const char             *project_id,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
FerryImageQuota *ferry_ims_get_image_quota_finish  (FerryClient            *client,
                                                    GAsyncResult           *result,
                                                    GError                **error);

/* Image tags (https://support.huaweicloud.com/api-ims/: ListImageTags
 * ims_03_0620, BatchAddOrDeleteTags ims_03_0617, AddImageTag ims_03_0618).
 * Both writes are documented as idempotent (creating a tag that is there
 * again succeeds; the same key with another value replaces the value), so
 * they are retried like GETs. */

/* The tags of @image_id (FerryImageTag), in the service's order. */
void          ferry_ims_list_image_tags_async    (FerryClient            *client,
                                                  const char             *region,
                                                  const char             *project_id,
                                                  const char             *image_id,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
GListModel   *ferry_ims_list_image_tags_finish   (FerryClient            *client,
                                                  GAsyncResult           *result,
                                                  GError                **error);

/* BatchAddOrDeleteTags with action "create": @tags (FerryImageTag) added
 * to @image_id, or their values replaced. The service takes all or, when
 * one tag is refused (IMG.0115, IMG.0116), none (assumed: no page says
 * that a refused request changes nothing). */
void          ferry_ims_add_image_tags_async     (FerryClient            *client,
                                                  const char             *region,
                                                  const char             *project_id,
                                                  const char             *image_id,
                                                  GListModel             *tags,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean      ferry_ims_add_image_tags_finish    (FerryClient            *client,
                                                  GAsyncResult           *result,
                                                  GError                **error);

/* AddImageTag: one tag. */
void          ferry_ims_add_image_tag_async      (FerryClient            *client,
                                                  const char             *region,
                                                  const char             *project_id,
                                                  const char             *image_id,
                                                  FerryImageTag          *tag,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean      ferry_ims_add_image_tag_finish     (FerryClient            *client,
                                                  GAsyncResult           *result,
                                                  GError                **error);

G_END_DECLS
