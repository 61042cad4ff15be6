/* ferry-rules.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-rules.h"

/* Server codes of the API notes, one per rule. */
#define CODE_NOT_OWN      "IMG.0144"
#define CODE_STATUS       "IMG.0046"
#define CODE_ENCRYPTED    "IMG.0143"
#define CODE_ISO          "IMG.0167"
/* Documented as "The full-ECS image cannot be exported or replicated.";
 * that CopyImageInRegion answers it for whole images is assumed. */
#define CODE_WHOLE_COPY   "IMG.0130"
#define CODE_TOO_LARGE    "IMG.0146"
#define CODE_SAME_REGION  "IMG.0142"
/* Documented as "the project name is wrong" (CopyImageCrossRegion). */
#define CODE_PROJECT      "IMG.0145"
#define CODE_REGION       "IMG.0147"
#define CODE_VAULT_FOUND  "IMG.0184"
#define CODE_VAULT_REPL   "IMG.0189"
#define CODE_VAULT_SERVER "IMG.0193"
#define CODE_VAULT_STATE  "IMG.0188"
#define CODE_VAULT_FULL   "IMG.0182"
#define CODE_TOO_MANY     "IMG.0149"
#define CODE_AGENCY       "IMG.0151"
/* Documented: "The number of private images has reached the maximum
 * allowed." (IMS 错误码, ims_03_0908). That a copy over the destination's
 * quota is refused with it is assumed: the copy pages name no code. */
#define CODE_QUOTA        "IMG.0015"

static void
add (GPtrArray  *violations,
     FerryRule   rule,
     const char *server_code,
     const char *message)
{
  g_ptr_array_add (violations, ferry_violation_new (rule, server_code, message));
}

static void
add_printf (GPtrArray  *violations,
            FerryRule   rule,
            const char *server_code,
            const char *format,
            ...) G_GNUC_PRINTF (4, 5);

static void
add_printf (GPtrArray  *violations,
            FerryRule   rule,
            const char *server_code,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add (violations, rule, server_code, message);
}

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void
check_ownership (const FerryCopyFacts *facts,
                 GPtrArray            *violations)
{
  const char *type = ferry_image_get_image_type (facts->image);
  const char *owner = ferry_image_get_owner (facts->image);

  if (ferry_image_is_private (facts->image) &&
      (facts->project_id == NULL || g_strcmp0 (owner, facts->project_id) == 0))
    return;

  if (g_strcmp0 (type, "shared") == 0)
    add (violations, FERRY_RULE_NOT_OWN_PRIVATE, CODE_NOT_OWN,
         _("This image is shared with you. Only your own private images can be copied."));
  else if (g_strcmp0 (type, "gold") == 0)
    add (violations, FERRY_RULE_NOT_OWN_PRIVATE, CODE_NOT_OWN,
         _("Public images cannot be copied. Only your own private images can."));
  else if (g_strcmp0 (type, "market") == 0)
    add (violations, FERRY_RULE_NOT_OWN_PRIVATE, CODE_NOT_OWN,
         _("Marketplace images cannot be copied. Only your own private images can."));
  else
    add (violations, FERRY_RULE_NOT_OWN_PRIVATE, CODE_NOT_OWN,
         _("This image belongs to another project. Only your own private images can be copied."));
}

static void
check_status (const FerryCopyFacts *facts,
              GPtrArray            *violations)
{
  switch (ferry_image_get_status_kind (facts->image))
    {
    case FERRY_IMAGE_STATUS_ACTIVE:
    case FERRY_IMAGE_STATUS_UNINITIALIZED:
      return;
    case FERRY_IMAGE_STATUS_QUEUED:
      add (violations, FERRY_RULE_STATUS, CODE_STATUS,
           _("The image is queued for creation. Copy it once it is Normal."));
      return;
    case FERRY_IMAGE_STATUS_SAVING:
      add (violations, FERRY_RULE_STATUS, CODE_STATUS,
           _("The image is still being created. Copy it once it is Normal."));
      return;
    case FERRY_IMAGE_STATUS_KILLED:
      add (violations, FERRY_RULE_STATUS, CODE_STATUS,
           _("The image failed to be created and cannot be copied."));
      return;
    case FERRY_IMAGE_STATUS_DELETED:
      add (violations, FERRY_RULE_STATUS, CODE_STATUS,
           _("The image has been deleted."));
      return;
    case FERRY_IMAGE_STATUS_UNKNOWN:
    default:
      add_printf (violations, FERRY_RULE_STATUS, CODE_STATUS,
                  _("Only images that are Normal or Normal (uninitialized) can be copied; this one is “%s”."),
                  ferry_image_get_status (facts->image));
      return;
    }
}

/* The rules of the two regions of a copy that hold whatever the image's
 * source (that one is an image-level rule: check_source_region()). */
static void
check_region (const FerryCopyFacts *facts,
              FerryRegion          *destination,
              GPtrArray            *violations)
{
  FerryRegion *source = facts->source;

  if (destination == NULL)
    {
      add (violations, FERRY_RULE_UNKNOWN_REGION, CODE_REGION,
           _("Choose a destination region."));
      return;
    }

  if (g_strcmp0 (ferry_region_get_id (source), ferry_region_get_id (destination)) == 0)
    {
      add (violations, FERRY_RULE_SAME_REGION, CODE_SAME_REGION,
           _("The destination is the image’s own region."));
      return;
    }

  if (!ferry_image_get_whole_image (facts->image))
    return;  /* system and data disk images may go anywhere */

  if (!ferry_region_get_whole_image_copy (destination))
    add_printf (violations, FERRY_RULE_WHOLE_IMAGE_REGION, CODE_REGION,
                _("Whole-machine images cannot be copied to %s."),
                ferry_region_get_name (destination));

  if (!ferry_region_get_mainland (source) && !ferry_region_get_mainland (destination))
    add (violations, FERRY_RULE_WHOLE_IMAGE_OUTSIDE_MAINLAND, CODE_REGION,
         _("Whole-machine images cannot be copied between two regions outside the Chinese mainland."));
  else if (ferry_region_get_mainland (source) != ferry_region_get_mainland (destination))
    add (violations, FERRY_RULE_WHOLE_IMAGE_CROSS_BORDER, CODE_REGION,
         _("Whole-machine images cannot be copied between the Chinese mainland and regions outside it."));
}

/* A whole image of a region that copies no whole images goes nowhere,
 * whatever the destination: an image-level verdict. */
static void
check_source_region (const FerryCopyFacts *facts,
                     GPtrArray            *violations)
{
  if (ferry_image_get_whole_image (facts->image) &&
      !ferry_region_get_whole_image_copy (facts->source))
    add_printf (violations, FERRY_RULE_WHOLE_IMAGE_REGION, CODE_REGION,
                _("Whole-machine images cannot be copied from %s."),
                ferry_region_get_name (facts->source));
}

/* Whether some region of facts->regions passes the region rules. */
static gboolean
has_destination (const FerryCopyFacts *facts)
{
  guint n = g_list_model_get_n_items (facts->regions);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (facts->regions, i);
      g_autoptr(GPtrArray) violations = g_ptr_array_new_with_free_func (g_object_unref);

      check_region (facts, region, violations);
      if (violations->len == 0)
        return TRUE;
    }
  return FALSE;
}

static void
check_image (const FerryCopyFacts *facts,
             GPtrArray            *violations)
{
  guint64 limit, size;

  check_ownership (facts, violations);
  check_status (facts, violations);

  if (ferry_image_is_encrypted (facts->image))
    add (violations, FERRY_RULE_ENCRYPTED, CODE_ENCRYPTED,
         _("Encrypted images cannot be copied to another region."));

  if (ferry_image_get_kind (facts->image) == FERRY_IMAGE_KIND_ISO)
    add (violations, FERRY_RULE_ISO, CODE_ISO,
         _("Images made from ISO files cannot be copied to another region."));

  size = ferry_image_get_size (facts->image);
  limit = ferry_region_get_copy_size_limit (facts->source);
  if (limit > 0 && size > limit)
    {
      g_autofree char *size_text = format_size (size);
      g_autofree char *limit_text = format_size (limit);

      add_printf (violations, FERRY_RULE_TOO_LARGE, CODE_TOO_LARGE,
                  _("The image is %s, more than the %s that can be copied from %s."),
                  size_text, limit_text, ferry_region_get_name (facts->source));
    }

  check_source_region (facts, violations);
}

/* The image-level verdict: check_image(), then, when the regions are
 * given and nothing has ruled the image out already, whether any region
 * can take it at all. */
static void
check_image_anywhere (const FerryCopyFacts *facts,
                      GPtrArray            *violations)
{
  check_image (facts, violations);
  if (facts->regions == NULL || violations->len > 0 || has_destination (facts))
    return;

  /* Today only a whole image of a region outside the mainland gets here:
   * the other regions outside it refuse it, and so does the mainland. */
  if (ferry_image_get_whole_image (facts->image) && !ferry_region_get_mainland (facts->source))
    add_printf (violations, FERRY_RULE_NO_DESTINATION, CODE_REGION,
                _("Whole-machine images cannot be copied from %s to any region: not to another region outside the Chinese mainland, nor into the mainland."),
                ferry_region_get_name (facts->source));
  else
    add (violations, FERRY_RULE_NO_DESTINATION, CODE_REGION,
         _("No region can take this image."));
}

gboolean
ferry_rules_needs_vault (FerryImage *image)
{
  g_return_val_if_fail (FERRY_IS_IMAGE (image), FALSE);

  return ferry_image_get_whole_image (image) &&
         ferry_image_get_backup_source (image) == FERRY_BACKUP_SOURCE_CBR;
}

static void
check_vault (const FerryCopyFacts *facts,
             GPtrArray            *violations)
{
  FerryVault *vault = facts->vault;
  const char *name;
  double free_bytes;

  if (!ferry_rules_needs_vault (facts->image))
    return;

  if (vault == NULL && facts->vault_id != NULL)
    {
      if (facts->destination != NULL)
        add_printf (violations, FERRY_RULE_VAULT_UNSUITABLE, CODE_VAULT_FOUND,
                    _("The vault “%s” is not in %s."), facts->vault_id,
                    ferry_region_get_name (facts->destination));
      else
        add_printf (violations, FERRY_RULE_VAULT_UNSUITABLE, CODE_VAULT_FOUND,
                    _("The vault “%s” is not in the destination region."), facts->vault_id);
      return;
    }
  if (vault == NULL)
    {
      add (violations, FERRY_RULE_VAULT_REQUIRED, CODE_VAULT_FOUND,
           _("This whole-machine image was made from a cloud backup: choose a replication vault in the destination region."));
      return;
    }

  name = ferry_vault_get_name (vault) != NULL ? ferry_vault_get_name (vault) : ferry_vault_get_id (vault);
  if (facts->destination_project_id != NULL &&
      g_strcmp0 (ferry_vault_get_project_id (vault), facts->destination_project_id) != 0)
    add_printf (violations, FERRY_RULE_VAULT_UNSUITABLE, CODE_VAULT_FOUND,
                _("The vault “%s” is not in the destination region."), name);
  else if (g_strcmp0 (ferry_vault_get_protect_type (vault), "replication") != 0)
    add_printf (violations, FERRY_RULE_VAULT_UNSUITABLE, CODE_VAULT_REPL,
                _("The vault “%s” is not a replication vault."), name);
  else if (g_strcmp0 (ferry_vault_get_object_type (vault), "server") != 0)
    add_printf (violations, FERRY_RULE_VAULT_UNSUITABLE, CODE_VAULT_SERVER,
                _("The vault “%s” does not hold server backups."), name);
  else if (!ferry_vault_is_available (vault))
    add_printf (violations, FERRY_RULE_VAULT_UNAVAILABLE, CODE_VAULT_STATE,
                _("The vault “%s” is not available (%s)."), name, ferry_vault_get_status (vault));
  else
    {
      free_bytes = ferry_vault_get_free_gb (vault) * 1024.0 * 1024.0 * 1024.0;
      if (free_bytes < (double) ferry_image_get_size (facts->image))
        {
          g_autofree char *free_text = format_size ((guint64) free_bytes);
          g_autofree char *size_text = format_size (ferry_image_get_size (facts->image));

          add_printf (violations, FERRY_RULE_VAULT_FULL, CODE_VAULT_FULL,
                      _("The vault “%s” has %s free, less than the image’s %s."),
                      name, free_text, size_text);
        }
    }
}

static void
check_agency (const FerryCopyFacts *facts,
              GPtrArray            *violations)
{
  const char *name;

  if (facts->agency == NULL)
    {
      add (violations, FERRY_RULE_AGENCY_MISSING, CODE_AGENCY,
           _("Choose an IMS agency: the copy runs with its permissions."));
      return;
    }

  name = ferry_agency_get_name (facts->agency);
  if (!ferry_agency_trusts_ims (facts->agency))
    {
      add_printf (violations, FERRY_RULE_AGENCY_NOT_IMS, CODE_AGENCY,
                  _("The agency “%s” is not an agency for the Image Management Service."), name);
      return;
    }

  if (facts->source_grant == FERRY_GRANT_MISSING)
    add_printf (violations, FERRY_RULE_AGENCY_PERMISSION, CODE_AGENCY,
                _("The agency “%s” lacks IMS Administrator in %s."),
                name, ferry_region_get_name (facts->source));
  if (facts->destination_grant == FERRY_GRANT_MISSING && facts->destination != NULL)
    add_printf (violations, FERRY_RULE_AGENCY_PERMISSION, CODE_AGENCY,
                _("The agency “%s” lacks IMS Administrator in %s."),
                name, ferry_region_get_name (facts->destination));
}

/* The images the copy makes must fit in what the quota leaves: its
 * total less the images held and the copies already on their way. */
static void
check_quota (const FerryCopyFacts *facts,
             FerryRegion          *where,
             GPtrArray            *violations)
{
  guint64 taken;
  guint room;

  if (!facts->quota_known || facts->images_needed == 0)
    return;

  taken = facts->images_used + facts->images_underway;
  room = (guint) MIN (facts->image_quota > taken ? facts->image_quota - taken : 0, G_MAXUINT);
  if (facts->images_needed <= room)
    return;

  add_printf (violations, FERRY_RULE_QUOTA, CODE_QUOTA,
              /* Translators: a region, how many more images its project
               * may hold, then how many the copy makes. */
              g_dngettext (GETTEXT_PACKAGE,
                           "%s can hold %u more image; this copy needs %u.",
                           "%s can hold %u more images; this copy needs %u.",
                           room),
              where != NULL ? ferry_region_get_name (where) : "", room, facts->images_needed);
}

static GPtrArray *
new_violations (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

GPtrArray *
ferry_rules_check_image (const FerryCopyFacts *facts)
{
  GPtrArray *violations;

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_IMAGE (facts->image), NULL);
  g_return_val_if_fail (FERRY_IS_REGION (facts->source), NULL);

  violations = new_violations ();
  check_image_anywhere (facts, violations);
  return violations;
}

GPtrArray *
ferry_rules_check_destination (const FerryCopyFacts *facts)
{
  GPtrArray *violations;

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_IMAGE (facts->image), NULL);
  g_return_val_if_fail (FERRY_IS_REGION (facts->source), NULL);

  violations = new_violations ();
  check_image (facts, violations);
  check_region (facts, facts->destination, violations);
  return violations;
}

GPtrArray *
ferry_rules_check_request (const FerryCopyFacts *facts)
{
  GPtrArray *violations;

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_IMAGE (facts->image), NULL);
  g_return_val_if_fail (FERRY_IS_REGION (facts->source), NULL);

  /* A request must pass everything the destination's check asks, and more. */
  violations = ferry_rules_check_destination (facts);
  if (facts->destination != NULL && facts->destination_project_id == NULL)
    add_printf (violations, FERRY_RULE_NO_PROJECT, CODE_PROJECT,
                _("Your account has no project in %s."), ferry_region_get_name (facts->destination));
  check_vault (facts, violations);
  check_agency (facts, violations);
  check_quota (facts, facts->destination, violations);

  if (facts->copies_in_flight >= FERRY_MAX_CONCURRENT_COPIES)
    add (violations, FERRY_RULE_CONCURRENCY, CODE_TOO_MANY,
         _("Your account already has five cross-region copies in progress."));

  return violations;
}

GPtrArray *
ferry_rules_check_in_region (const FerryCopyFacts *facts)
{
  GPtrArray *violations;
  guint64 size;

  g_return_val_if_fail (facts != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_IMAGE (facts->image), NULL);

  violations = new_violations ();
  check_ownership (facts, violations);
  check_status (facts, violations);

  if (ferry_image_get_whole_image (facts->image))
    add (violations, FERRY_RULE_WHOLE_IMAGE_IN_REGION, CODE_WHOLE_COPY,
         _("Whole-machine images cannot be copied within a region."));
  else if (ferry_image_get_kind (facts->image) == FERRY_IMAGE_KIND_ISO)
    add (violations, FERRY_RULE_ISO, CODE_ISO,
         _("Images made from ISO files cannot be copied within a region."));

  size = ferry_image_get_size (facts->image);
  if (size > FERRY_IN_REGION_COPY_SIZE_LIMIT)
    {
      g_autofree char *size_text = format_size (size);
      g_autofree char *limit_text = format_size (FERRY_IN_REGION_COPY_SIZE_LIMIT);

      add_printf (violations, FERRY_RULE_TOO_LARGE, CODE_TOO_LARGE,
                  _("The image is %s, more than the %s that can be copied within a region."),
                  size_text, limit_text);
    }

  /* The copy lands in the source project. */
  check_quota (facts, facts->source, violations);

  return violations;
}

static gboolean
is_name_char (gunichar c)
{
  /* Letters, digits, Chinese, '-', '_', '.', and space. */
  return g_unichar_isalnum (c) || c == '-' || c == '_' || c == '.' || c == ' ' ||
         g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

char *
ferry_rules_check_name (const char *name)
{
  glong length;

  if (name == NULL || *name == '\0')
    return g_strdup (_("Enter a name."));
  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup (_("The name is not valid text."));

  length = g_utf8_strlen (name, -1);
  if (length > FERRY_COPY_NAME_MAX)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The name is %ld character long; at most %d are allowed.",
                                         "The name is %ld characters long; at most %d are allowed.",
                                         length),
                            length, FERRY_COPY_NAME_MAX);
  if (g_unichar_isspace (g_utf8_get_char (name)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_find_prev_char (name, name + strlen (name)))))
    return g_strdup (_("The name cannot begin or end with a space."));

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_name_char (c))
        {
          char bad[7] = { 0 };

          g_unichar_to_utf8 (c, bad);
          return g_strdup_printf (_("The name cannot contain “%s”: use letters, digits, Chinese characters, spaces, “-”, “_” and “.”."),
                                  bad);
        }
    }

  return NULL;
}

char *
ferry_rules_check_description (const char *description)
{
  glong length;

  if (description == NULL || *description == '\0')
    return NULL;
  if (!g_utf8_validate (description, -1, NULL))
    return g_strdup (_("The description is not valid text."));

  length = g_utf8_strlen (description, -1);
  if (length > FERRY_COPY_DESCRIPTION_MAX)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The description is %ld character long; at most %d are allowed.",
                                         "The description is %ld characters long; at most %d are allowed.",
                                         length),
                            length, FERRY_COPY_DESCRIPTION_MAX);
  if (strpbrk (description, "<>") != NULL)
    return g_strdup (_("The description cannot contain “<” or “>”."));
  if (strchr (description, '\r') != NULL)
    return g_strdup (_("The description cannot contain carriage returns."));

  return NULL;
}

char *
ferry_rules_default_copy_name (FerryRegion *source,
                               const char  *image_name)
{
  g_autofree char *full = NULL;
  g_autoptr(GString) name = NULL;
  glong length;

  g_return_val_if_fail (FERRY_IS_REGION (source), NULL);
  g_return_val_if_fail (image_name != NULL, NULL);

  full = g_strdup_printf ("copy_%s_%s", ferry_region_get_name (source), image_name);
  length = g_utf8_strlen (full, -1);
  name = g_string_new (full);
  if (length > FERRY_COPY_NAME_MAX)
    {
      /* Cut at a character, never inside one. */
      const char *end = g_utf8_offset_to_pointer (full, FERRY_COPY_NAME_MAX);

      g_string_truncate (name, end - full);
    }
  /* A cut may leave a trailing space, which the service refuses. */
  while (name->len > 0 && name->str[name->len - 1] == ' ')
    g_string_truncate (name, name->len - 1);

  return g_string_free (g_steal_pointer (&name), FALSE);
}
