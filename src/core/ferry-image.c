/* ferry-image.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-image.h"
#include "ferry-json.h"

struct _FerryImage
{
  GObject    parent_instance;

  /* The strings that are the image's own (id, name, backup_id,
   * data_origin, original_image_name, description, created_at,
   * updated_at) point into this one block: one allocation instead of
   * eight, each with its own header and rounding. */
  char       *strings;
  char       *id;
  char       *name;
  const char *status;
  const char *owner;
  const char *visibility;
  const char *image_type;
  const char *cmk_id;
  char       *backup_id;
  char       *data_origin;
  char       *original_image_name;
  const char *virtual_env_type;
  const char *disk_format;
  const char *os_type;
  const char *os_version;
  const char *platform;
  char       *description;
  char       *created_at;
  char       *updated_at;
  guint64    size;
  guint      min_disk;
  guint      min_ram;
  guint      os_bit;
  guint      size_known : 1;
  guint      whole_image : 1;
  guint      config_init : 1;
};

G_DEFINE_FINAL_TYPE (FerryImage, ferry_image, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FerryImageStatus, ferry_image_status,
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_STATUS_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_STATUS_SAVING, "saving"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_STATUS_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_STATUS_UNINITIALIZED, "uninitialized"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_STATUS_KILLED, "killed"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_STATUS_DELETED, "deleted"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_STATUS_UNKNOWN, "unknown"))

G_DEFINE_ENUM_TYPE (FerryImageKind, ferry_image_kind,
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_KIND_SYSTEM_DISK, "system-disk"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_KIND_DATA_DISK, "data-disk"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_KIND_WHOLE_MACHINE, "whole-machine"),
  G_DEFINE_ENUM_VALUE (FERRY_IMAGE_KIND_ISO, "iso"))

G_DEFINE_ENUM_TYPE (FerryBackupSource, ferry_backup_source,
  G_DEFINE_ENUM_VALUE (FERRY_BACKUP_SOURCE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (FERRY_BACKUP_SOURCE_CSBS, "csbs"),
  G_DEFINE_ENUM_VALUE (FERRY_BACKUP_SOURCE_CBR, "cbr"))

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_STATUS,
  PROP_STATUS_KIND,
  PROP_STATUS_LABEL,
  PROP_OWNER,
  PROP_VISIBILITY,
  PROP_IMAGE_TYPE,
  PROP_SIZE,
  PROP_MIN_DISK,
  PROP_MIN_RAM,
  PROP_CMK_ID,
  PROP_WHOLE_IMAGE,
  PROP_BACKUP_ID,
  PROP_DATA_ORIGIN,
  PROP_VIRTUAL_ENV_TYPE,
  PROP_DISK_FORMAT,
  PROP_OS_TYPE,
  PROP_OS_VERSION,
  PROP_PLATFORM,
  PROP_OS_BIT,
  PROP_DESCRIPTION,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_CONFIG_INIT,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_BACKUP_SOURCE,
  PROP_ENCRYPTED,
  PROP_PRIVATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
get_uint (JsonObject  *object,
          const char  *member,
          guint       *value,
          GError     **error)
{
  guint64 v;

  if (!ferry_json_get_uint64 (object, member, G_MAXUINT, &v, NULL, error))
    return FALSE;
  *value = (guint) v;
  return TRUE;
}

/* ferry_json_get_text() or, when @required, ferry_json_require_text(),
 * into an interned string. */
static gboolean
get_interned (JsonObject  *object,
              const char  *member,
              const char **value,
              gboolean     required,
              GError     **error)
{
  g_autofree char *text = NULL;

  if (required ? !ferry_json_require_text (object, member, &text, error)
               : !ferry_json_get_text (object, member, &text, error))
    return FALSE;
  *value = g_intern_string (text);
  return TRUE;
}

/* Moves the image's own strings into one block (see struct _FerryImage). */
static void
pack_strings (FerryImage *self)
{
  char **fields[] = {
    &self->id, &self->name, &self->backup_id, &self->data_origin,
    &self->original_image_name, &self->description, &self->created_at, &self->updated_at,
  };
  gsize lengths[G_N_ELEMENTS (fields)];
  gsize size = 0;
  char *next;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      lengths[i] = *fields[i] != NULL ? strlen (*fields[i]) + 1 : 0;
      size += lengths[i];
    }
  self->strings = next = g_malloc (MAX (size, 1));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (*fields[i] == NULL)
        continue;
      memcpy (next, *fields[i], lengths[i]);
      g_free (*fields[i]);
      *fields[i] = next;
      next += lengths[i];
    }
}

FerryImage *
ferry_image_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(FerryImage) self = NULL;
  gboolean whole_image;
  gboolean config_init;
  gboolean size_known;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FERRY_TYPE_IMAGE, NULL);

  /* The members that take few values (a status, a type, an operating
   * system, the owner's project) are interned: ten thousand images then
   * share one copy of each (tests/bench/images-page.py, memory per image). */

  /* What Ferry cannot do without: id, name and status, strings as in the
   * ListImages reference (ims_03_0602) and its SDK model, which mark them
   * always present. The page's own example lacks __image_size and
   * active_at, so those stay optional here (docs/huawei-api.md). Every
   * string member must be a JSON string: a number there is a broken
   * answer, not a name. */
  if (!ferry_json_require_text (object, "id", &self->id, error) ||
      !ferry_json_require_text (object, "name", &self->name, error) ||
      !get_interned (object, "status", &self->status, TRUE, error))
    return NULL;

  if (!get_interned (object, "owner", &self->owner, FALSE, error) ||
      !get_interned (object, "visibility", &self->visibility, FALSE, error) ||
      !get_interned (object, "__imagetype", &self->image_type, FALSE, error) ||
      !get_interned (object, "__system__cmkid", &self->cmk_id, FALSE, error) ||
      !ferry_json_get_text (object, "__backup_id", &self->backup_id, error) ||
      !ferry_json_get_text (object, "__data_origin", &self->data_origin, error) ||
      !ferry_json_get_text (object, "__originalimagename", &self->original_image_name, error) ||
      !get_interned (object, "virtual_env_type", &self->virtual_env_type, FALSE, error) ||
      !get_interned (object, "disk_format", &self->disk_format, FALSE, error) ||
      !get_interned (object, "__os_type", &self->os_type, FALSE, error) ||
      !get_interned (object, "__os_version", &self->os_version, FALSE, error) ||
      !get_interned (object, "__platform", &self->platform, FALSE, error) ||
      !ferry_json_get_text (object, "__description", &self->description, error) ||
      !ferry_json_get_text (object, "created_at", &self->created_at, error) ||
      !ferry_json_get_text (object, "updated_at", &self->updated_at, error))
    return NULL;

  if (!ferry_json_get_uint64 (object, "__image_size", G_MAXINT64,
                              &self->size, &size_known, error) ||
      !get_uint (object, "min_disk", &self->min_disk, error) ||
      !get_uint (object, "min_ram", &self->min_ram, error) ||
      !get_uint (object, "__os_bit", &self->os_bit, error))
    return NULL;
  self->size_known = size_known;

  if (!ferry_json_get_boolean (object, "__whole_image", FALSE, &whole_image, error) ||
      !ferry_json_get_boolean (object, "__is_config_init", TRUE, &config_init, error))
    return NULL;
  self->whole_image = whole_image;
  self->config_init = config_init;

  pack_strings (self);
  return g_steal_pointer (&self);
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  /* Nicks are static strings of a static type: they outlive the class ref. */
  return enum_value != NULL ? enum_value->value_nick : NULL;
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

JsonNode *
ferry_image_serialize (FerryImage *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ferry_json_add_string (builder, "id", self->id);
  ferry_json_add_string (builder, "name", self->name);
  ferry_json_add_string (builder, "status",
                         enum_nick (FERRY_TYPE_IMAGE_STATUS, ferry_image_get_status_kind (self)));
  ferry_json_add_string (builder, "server_status", self->status);
  ferry_json_add_string (builder, "kind",
                         enum_nick (FERRY_TYPE_IMAGE_KIND, ferry_image_get_kind (self)));
  ferry_json_add_string (builder, "backup_source",
                         enum_nick (FERRY_TYPE_BACKUP_SOURCE, ferry_image_get_backup_source (self)));
  ferry_json_add_string (builder, "owner", self->owner);
  ferry_json_add_string (builder, "visibility", self->visibility);
  ferry_json_add_string (builder, "image_type", self->image_type);
  ferry_json_add_boolean (builder, "private", ferry_image_is_private (self));
  ferry_json_add_boolean (builder, "encrypted", ferry_image_is_encrypted (self));
  ferry_json_add_boolean (builder, "whole_image", self->whole_image);
  ferry_json_add_boolean (builder, "config_init", self->config_init);
  if (self->size_known)
    add_int (builder, "size_bytes", (gint64) self->size);
  add_int (builder, "min_disk_gb", self->min_disk);
  add_int (builder, "min_ram_mb", self->min_ram);
  ferry_json_add_string (builder, "cmk_id", self->cmk_id);
  ferry_json_add_string (builder, "backup_id", self->backup_id);
  ferry_json_add_string (builder, "data_origin", self->data_origin);
  ferry_json_add_string (builder, "original_image", self->original_image_name);
  ferry_json_add_string (builder, "virtual_env_type", self->virtual_env_type);
  ferry_json_add_string (builder, "disk_format", self->disk_format);
  ferry_json_add_string (builder, "os_type", self->os_type);
  ferry_json_add_string (builder, "os_version", self->os_version);
  ferry_json_add_string (builder, "platform", self->platform);
  if (self->os_bit != 0)
    add_int (builder, "os_bit", self->os_bit);
  ferry_json_add_string (builder, "description", self->description);
  ferry_json_add_string (builder, "created_at", self->created_at);
  ferry_json_add_string (builder, "updated_at", self->updated_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
ferry_image_get_id (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->id;
}

const char *
ferry_image_get_name (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->name;
}

const char *
ferry_image_get_status (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->status;
}

FerryImageStatus
ferry_image_get_status_kind (FerryImage *self)
{
  static const struct {
    const char       *name;
    FerryImageStatus  status;
  } statuses[] = {
    { "queued", FERRY_IMAGE_STATUS_QUEUED },
    { "saving", FERRY_IMAGE_STATUS_SAVING },
    { "active", FERRY_IMAGE_STATUS_ACTIVE },
    { "killed", FERRY_IMAGE_STATUS_KILLED },
    { "deleted", FERRY_IMAGE_STATUS_DELETED },
  };

  g_return_val_if_fail (FERRY_IS_IMAGE (self), FERRY_IMAGE_STATUS_UNKNOWN);

  if (self->status == NULL)
    return FERRY_IMAGE_STATUS_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (g_ascii_strcasecmp (self->status, statuses[i].name) != 0)
        continue;
      if (statuses[i].status == FERRY_IMAGE_STATUS_ACTIVE && !self->config_init)
        return FERRY_IMAGE_STATUS_UNINITIALIZED;
      return statuses[i].status;
    }

  return FERRY_IMAGE_STATUS_UNKNOWN;
}

const char *
ferry_image_get_owner (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->owner;
}

const char *
ferry_image_get_visibility (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->visibility;
}

const char *
ferry_image_get_image_type (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->image_type;
}

guint64
ferry_image_get_size (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), 0);
  return self->size;
}

guint
ferry_image_get_min_disk (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), 0);
  return self->min_disk;
}

guint
ferry_image_get_min_ram (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), 0);
  return self->min_ram;
}

const char *
ferry_image_get_cmk_id (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->cmk_id;
}

gboolean
ferry_image_get_whole_image (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), FALSE);
  return self->whole_image;
}

const char *
ferry_image_get_backup_id (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->backup_id;
}

const char *
ferry_image_get_data_origin (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->data_origin;
}

const char *
ferry_image_get_original_image_name (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->original_image_name;
}

const char *
ferry_image_get_virtual_env_type (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->virtual_env_type;
}

const char *
ferry_image_get_disk_format (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->disk_format;
}

const char *
ferry_image_get_os_type (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->os_type;
}

const char *
ferry_image_get_os_version (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->os_version;
}

const char *
ferry_image_get_platform (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->platform;
}

guint
ferry_image_get_os_bit (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), 0);
  return self->os_bit;
}

const char *
ferry_image_get_description (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->description;
}

const char *
ferry_image_get_created_at (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->created_at;
}

const char *
ferry_image_get_updated_at (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return self->updated_at;
}

static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL)
    return NULL;

  /* IMS writes "2026-01-02T03:04:05Z"; a time without a zone is UTC too. */
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

GDateTime *
ferry_image_dup_created_date_time (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return parse_time (self->created_at);
}

GDateTime *
ferry_image_dup_updated_date_time (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), NULL);
  return parse_time (self->updated_at);
}

gboolean
ferry_image_get_config_init (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), TRUE);
  return self->config_init;
}

FerryImageKind
ferry_image_get_kind (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), FERRY_IMAGE_KIND_SYSTEM_DISK);

  if ((self->virtual_env_type != NULL &&
       g_ascii_strcasecmp (self->virtual_env_type, "IsoImage") == 0) ||
      (self->disk_format != NULL && g_ascii_strcasecmp (self->disk_format, "iso") == 0))
    return FERRY_IMAGE_KIND_ISO;
  if (self->whole_image)
    return FERRY_IMAGE_KIND_WHOLE_MACHINE;
  if (self->virtual_env_type != NULL &&
      g_ascii_strcasecmp (self->virtual_env_type, "DataImage") == 0)
    return FERRY_IMAGE_KIND_DATA_DISK;
  return FERRY_IMAGE_KIND_SYSTEM_DISK;
}

FerryBackupSource
ferry_image_get_backup_source (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), FERRY_BACKUP_SOURCE_NONE);

  /* The rule is written down in ferry-image.h; the sandbox seeds by it. */
  if (!self->whole_image)
    return FERRY_BACKUP_SOURCE_NONE;
  if (self->backup_id != NULL)
    return FERRY_BACKUP_SOURCE_CBR;
  if (self->data_origin != NULL && g_str_has_prefix (self->data_origin, "server_backup,"))
    return FERRY_BACKUP_SOURCE_CSBS;
  return FERRY_BACKUP_SOURCE_CBR;
}

gboolean
ferry_image_is_encrypted (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), FALSE);
  /* ferry_json_get_string() read "" as NULL. */
  return self->cmk_id != NULL;
}

gboolean
ferry_image_is_private (FerryImage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (self), FALSE);
  return g_strcmp0 (self->image_type, "private") == 0;
}

const char *
ferry_image_status_to_label (FerryImageStatus status)
{
  /* The words of the IMS console. A context keeps them apart from the
   * same English words elsewhere (a failed copy is not "异常"). */
  switch (status)
    {
    case FERRY_IMAGE_STATUS_QUEUED:
      return C_("image status", "Queued");
    case FERRY_IMAGE_STATUS_SAVING:
      return C_("image status", "Saving");
    case FERRY_IMAGE_STATUS_ACTIVE:
      return C_("image status", "Normal");
    case FERRY_IMAGE_STATUS_UNINITIALIZED:
      return C_("image status", "Normal (uninitialized)");
    case FERRY_IMAGE_STATUS_KILLED:
      return C_("image status", "Failed");
    case FERRY_IMAGE_STATUS_DELETED:
      return C_("image status", "Deleted");
    case FERRY_IMAGE_STATUS_UNKNOWN:
    default:
      return C_("image status", "Unknown");
    }
}

const char *
ferry_image_kind_to_label (FerryImageKind kind)
{
  switch (kind)
    {
    case FERRY_IMAGE_KIND_DATA_DISK:
      return C_("image kind", "Data disk");
    case FERRY_IMAGE_KIND_WHOLE_MACHINE:
      return C_("image kind", "Whole machine");
    case FERRY_IMAGE_KIND_ISO:
      return C_("image kind", "ISO");
    case FERRY_IMAGE_KIND_SYSTEM_DISK:
    default:
      return C_("image kind", "System disk");
    }
}

static void
ferry_image_finalize (GObject *object)
{
  FerryImage *self = FERRY_IMAGE (object);

  if (self->strings != NULL)
    g_free (self->strings);
  else
    {
      /* Not packed: new_from_json() failed half-way. */
      g_free (self->id);
      g_free (self->name);
      g_free (self->backup_id);
      g_free (self->data_origin);
      g_free (self->original_image_name);
      g_free (self->description);
      g_free (self->created_at);
      g_free (self->updated_at);
    }

  G_OBJECT_CLASS (ferry_image_parent_class)->finalize (object);
}

static void
ferry_image_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FerryImage *self = FERRY_IMAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_STATUS_KIND:
      g_value_set_enum (value, ferry_image_get_status_kind (self));
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, ferry_image_status_to_label (ferry_image_get_status_kind (self)));
      break;
    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;
    case PROP_VISIBILITY:
      g_value_set_string (value, self->visibility);
      break;
    case PROP_IMAGE_TYPE:
      g_value_set_string (value, self->image_type);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_MIN_DISK:
      g_value_set_uint (value, self->min_disk);
      break;
    case PROP_MIN_RAM:
      g_value_set_uint (value, self->min_ram);
      break;
    case PROP_CMK_ID:
      g_value_set_string (value, self->cmk_id);
      break;
    case PROP_WHOLE_IMAGE:
      g_value_set_boolean (value, self->whole_image);
      break;
    case PROP_BACKUP_ID:
      g_value_set_string (value, self->backup_id);
      break;
    case PROP_DATA_ORIGIN:
      g_value_set_string (value, self->data_origin);
      break;
    case PROP_VIRTUAL_ENV_TYPE:
      g_value_set_string (value, self->virtual_env_type);
      break;
    case PROP_DISK_FORMAT:
      g_value_set_string (value, self->disk_format);
      break;
    case PROP_OS_TYPE:
      g_value_set_string (value, self->os_type);
      break;
    case PROP_OS_VERSION:
      g_value_set_string (value, self->os_version);
      break;
    case PROP_PLATFORM:
      g_value_set_string (value, self->platform);
      break;
    case PROP_OS_BIT:
      g_value_set_uint (value, self->os_bit);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_CREATED_AT:
      g_value_set_string (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;
    case PROP_CONFIG_INIT:
      g_value_set_boolean (value, self->config_init);
      break;
    case PROP_KIND:
      g_value_set_enum (value, ferry_image_get_kind (self));
      break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, ferry_image_kind_to_label (ferry_image_get_kind (self)));
      break;
    case PROP_BACKUP_SOURCE:
      g_value_set_enum (value, ferry_image_get_backup_source (self));
      break;
    case PROP_ENCRYPTED:
      g_value_set_boolean (value, ferry_image_is_encrypted (self));
      break;
    case PROP_PRIVATE:
      g_value_set_boolean (value, ferry_image_is_private (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_image_class_init (FerryImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_image_finalize;
  object_class->get_property = ferry_image_get_property;

  /* All read-only: an image is what the server said it is. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_KIND] =
    g_param_spec_enum ("status-kind", NULL, NULL,
                       FERRY_TYPE_IMAGE_STATUS, FERRY_IMAGE_STATUS_UNKNOWN, flags);
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL, flags);
  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL, NULL, flags);
  properties[PROP_VISIBILITY] =
    g_param_spec_string ("visibility", NULL, NULL, NULL, flags);
  properties[PROP_IMAGE_TYPE] =
    g_param_spec_string ("image-type", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MIN_DISK] =
    g_param_spec_uint ("min-disk", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_MIN_RAM] =
    g_param_spec_uint ("min-ram", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CMK_ID] =
    g_param_spec_string ("cmk-id", NULL, NULL, NULL, flags);
  properties[PROP_WHOLE_IMAGE] =
    g_param_spec_boolean ("whole-image", NULL, NULL, FALSE, flags);
  properties[PROP_BACKUP_ID] =
    g_param_spec_string ("backup-id", NULL, NULL, NULL, flags);
  properties[PROP_DATA_ORIGIN] =
    g_param_spec_string ("data-origin", NULL, NULL, NULL, flags);
  properties[PROP_VIRTUAL_ENV_TYPE] =
    g_param_spec_string ("virtual-env-type", NULL, NULL, NULL, flags);
  properties[PROP_DISK_FORMAT] =
    g_param_spec_string ("disk-format", NULL, NULL, NULL, flags);
  properties[PROP_OS_TYPE] =
    g_param_spec_string ("os-type", NULL, NULL, NULL, flags);
  properties[PROP_OS_VERSION] =
    g_param_spec_string ("os-version", NULL, NULL, NULL, flags);
  properties[PROP_PLATFORM] =
    g_param_spec_string ("platform", NULL, NULL, NULL, flags);
  properties[PROP_OS_BIT] =
    g_param_spec_uint ("os-bit", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_string ("created-at", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_string ("updated-at", NULL, NULL, NULL, flags);
  properties[PROP_CONFIG_INIT] =
    g_param_spec_boolean ("config-init", NULL, NULL, TRUE, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       FERRY_TYPE_IMAGE_KIND, FERRY_IMAGE_KIND_SYSTEM_DISK, flags);
  properties[PROP_KIND_LABEL] =
    g_param_spec_string ("kind-label", NULL, NULL, NULL, flags);
  properties[PROP_BACKUP_SOURCE] =
    g_param_spec_enum ("backup-source", NULL, NULL,
                       FERRY_TYPE_BACKUP_SOURCE, FERRY_BACKUP_SOURCE_NONE, flags);
  properties[PROP_ENCRYPTED] =
    g_param_spec_boolean ("encrypted", NULL, NULL, FALSE, flags);
  properties[PROP_PRIVATE] =
    g_param_spec_boolean ("private", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_image_init (FerryImage *self)
{
  self->config_init = TRUE;
}
