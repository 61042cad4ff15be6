/* ferry-image.h: one IMS image record
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The status as the console shows it. IMS has no status of its own for
 * "Normal (uninitialized)": it is `active` with `__is_config_init` "false". */
typedef enum
{
  FERRY_IMAGE_STATUS_QUEUED,
  FERRY_IMAGE_STATUS_SAVING,
  FERRY_IMAGE_STATUS_ACTIVE,
  FERRY_IMAGE_STATUS_UNINITIALIZED,
  FERRY_IMAGE_STATUS_KILLED,
  FERRY_IMAGE_STATUS_DELETED,
  FERRY_IMAGE_STATUS_UNKNOWN,
} FerryImageStatus;

/* ISO wins over everything (virtual_env_type IsoImage or disk_format iso),
 * then whole machine (`__whole_image`), then data disk (virtual_env_type
 * DataImage); everything else is a system disk image. */
typedef enum
{
  FERRY_IMAGE_KIND_SYSTEM_DISK,
  FERRY_IMAGE_KIND_DATA_DISK,
  FERRY_IMAGE_KIND_WHOLE_MACHINE,
  FERRY_IMAGE_KIND_ISO,
} FerryImageKind;

/* The backup behind a whole-machine image. This rule is shared with the
 * sandbox's seed data, so both sides read an image record the same way:
 *
 *  - a whole image with a non-empty `__backup_id` has a CBR backup behind
 *    it: a copy needs a replication vault (object type server) in the
 *    destination region;
 *  - a whole image without `__backup_id` whose `__data_origin` starts with
 *    `server_backup,` comes from a CSBS backup: no vault is needed;
 *  - a whole image with neither is treated as CBR, the safe side: the
 *    vault question is asked rather than the copy failing on the server;
 *  - images that are not whole images: NONE. */
typedef enum
{
  FERRY_BACKUP_SOURCE_NONE,
  FERRY_BACKUP_SOURCE_CSBS,
  FERRY_BACKUP_SOURCE_CBR,
} FerryBackupSource;

#define FERRY_TYPE_IMAGE_STATUS   (ferry_image_status_get_type ())
#define FERRY_TYPE_IMAGE_KIND     (ferry_image_kind_get_type ())
#define FERRY_TYPE_BACKUP_SOURCE  (ferry_backup_source_get_type ())

GType ferry_image_status_get_type  (void);
GType ferry_image_kind_get_type    (void);
GType ferry_backup_source_get_type (void);

#define FERRY_TYPE_IMAGE (ferry_image_get_type ())

G_DECLARE_FINAL_TYPE (FerryImage, ferry_image, FERRY, IMAGE, GObject)

/* Reads one element of the `images` array of GET /v2/cloudimages. Numbers
 * and booleans may come as strings; empty strings are read as absent
 * (NULL). Fails with FERRY_API_ERROR_INVALID_RESPONSE when `id` is missing
 * or empty, or a member has an impossible type or value (a negative size,
 * "yes" for a boolean...). */
FerryImage        *ferry_image_new_from_json          (JsonObject       *object,
                                                       GError          **error);

/* A JSON object for `ferryctl --json`, with these members (absent strings
 * and unknown numbers are left out; enums are the nicks of their GType):
 *   "id", "name": strings
 *   "status": queued | saving | active | uninitialized | killed | deleted | unknown
 *   "server_status": the status string IMS sent
 *   "kind": system-disk | data-disk | whole-machine | iso
 *   "backup_source": none | csbs | cbr
 *   "owner", "visibility", "image_type": strings
 *   "private", "encrypted", "whole_image", "config_init": booleans (always present)
 *   "size_bytes": integer, left out when IMS did not send `__image_size`
 *   "min_disk_gb", "min_ram_mb": integers (always present, 0 when not sent)
 *   "cmk_id", "backup_id", "data_origin", "original_image", "virtual_env_type", "disk_format",
 *   "os_type", "os_version", "platform": strings
 *   "os_bit": integer, left out when unknown
 *   "description", "created_at", "updated_at": strings, as IMS sent them */
JsonNode          *ferry_image_serialize              (FerryImage       *self);

const char        *ferry_image_get_id                 (FerryImage       *self);
const char        *ferry_image_get_name               (FerryImage       *self);
/* The status string IMS sent, e.g. "active". */
const char        *ferry_image_get_status             (FerryImage       *self);
FerryImageStatus   ferry_image_get_status_kind        (FerryImage       *self);
const char        *ferry_image_get_owner              (FerryImage       *self);
const char        *ferry_image_get_visibility         (FerryImage       *self);
/* `__imagetype`: gold, private, shared or market. */
const char        *ferry_image_get_image_type         (FerryImage       *self);
/* The image file size in bytes, 0 when unknown. */
guint64            ferry_image_get_size               (FerryImage       *self);
/* In GB. */
guint              ferry_image_get_min_disk           (FerryImage       *self);
/* In MB. */
guint              ferry_image_get_min_ram            (FerryImage       *self);
const char        *ferry_image_get_cmk_id             (FerryImage       *self);
gboolean           ferry_image_get_whole_image        (FerryImage       *self);
const char        *ferry_image_get_backup_id          (FerryImage       *self);
const char        *ferry_image_get_data_origin        (FerryImage       *self);
/* `__originalimagename`: documented as the parent image's id ("父镜像ID",
 * empty for public images and images made from files; ims_03_0602, IMS
 * image attributes page). What a copy carries there is not documented. */
const char        *ferry_image_get_original_image_name (FerryImage      *self);
const char        *ferry_image_get_virtual_env_type   (FerryImage       *self);
const char        *ferry_image_get_disk_format        (FerryImage       *self);
const char        *ferry_image_get_os_type            (FerryImage       *self);
const char        *ferry_image_get_os_version         (FerryImage       *self);
const char        *ferry_image_get_platform           (FerryImage       *self);
/* 32 or 64, 0 when unknown. */
guint              ferry_image_get_os_bit             (FerryImage       *self);
const char        *ferry_image_get_description        (FerryImage       *self);
const char        *ferry_image_get_created_at         (FerryImage       *self);
const char        *ferry_image_get_updated_at         (FerryImage       *self);
/* The times parsed as ISO 8601 (UTC when they carry no zone); NULL when
 * absent or unparsable. Free with g_date_time_unref(). */
GDateTime         *ferry_image_dup_created_date_time  (FerryImage       *self);
GDateTime         *ferry_image_dup_updated_date_time  (FerryImage       *self);
/* `__is_config_init`; TRUE when IMS leaves it out. */
gboolean           ferry_image_get_config_init        (FerryImage       *self);
FerryImageKind     ferry_image_get_kind               (FerryImage       *self);
FerryBackupSource  ferry_image_get_backup_source      (FerryImage       *self);
/* Whether a KMS key (`__system__cmkid`) is set. */
gboolean           ferry_image_is_encrypted           (FerryImage       *self);
/* Whether `__imagetype` is "private". */
gboolean           ferry_image_is_private             (FerryImage       *self);

/* Translated labels, as the console words them. */
const char        *ferry_image_status_to_label        (FerryImageStatus  status);
const char        *ferry_image_kind_to_label          (FerryImageKind    kind);

G_END_DECLS
