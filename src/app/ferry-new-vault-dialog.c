/* ferry-new-vault-dialog.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ferry-new-vault-dialog.h"

/* CBR's limit on a vault's name. */
#define VAULT_NAME_MAX 64

struct _FerryNewVaultDialog
{
  AdwMessageDialog  parent_instance;

  FerryClient      *client;
  char             *region_id;
  char             *project_id;

  /* Template children */
  AdwEntryRow      *name_row;
  GtkSpinButton    *size_button;
};

G_DEFINE_FINAL_TYPE (FerryNewVaultDialog, ferry_new_vault_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
name_changed_cb (FerryNewVaultDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gboolean ok = *name != '\0' && g_utf8_strlen (name, -1) <= VAULT_NAME_MAX;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "create", ok);
}

static void
ferry_new_vault_dialog_finalize (GObject *object)
{
  FerryNewVaultDialog *self = FERRY_NEW_VAULT_DIALOG (object);

  /* Not in dispose: a request may still be under way once the window is
   * gone, and it holds the dialog. */
  g_clear_object (&self->client);
  g_clear_pointer (&self->region_id, g_free);
  g_clear_pointer (&self->project_id, g_free);

  G_OBJECT_CLASS (ferry_new_vault_dialog_parent_class)->finalize (object);
}

static void
ferry_new_vault_dialog_class_init (FerryNewVaultDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ferry_new_vault_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/imageferry/Ferry/ui/ferry-new-vault-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryNewVaultDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryNewVaultDialog, size_button);
}

static void
ferry_new_vault_dialog_init (FerryNewVaultDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (name_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

FerryNewVaultDialog *
ferry_new_vault_dialog_new (GtkWindow   *parent,
                            FerryClient *client,
                            FerryRegion *region,
                            const char  *project_id,
                            guint64      largest_image_size)
{
  FerryNewVaultDialog *self;
  g_autofree char *default_name = NULL;
  double minimum;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_REGION (region), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);

  self = g_object_new (FERRY_TYPE_NEW_VAULT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);
  self->region_id = g_strdup (ferry_region_get_id (region));
  self->project_id = g_strdup (project_id);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("A replication vault for server backups in %s. It costs money: CBR bills it on demand, by its size, for as long as it exists."),
                                  ferry_region_get_name (region));
  default_name = g_strdup_printf ("vault-copy-%s", self->region_id);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), default_name);

  /* Room for the largest image, in whole GB. */
  minimum = MAX (10.0, ceil ((double) largest_image_size / (1024.0 * 1024.0 * 1024.0)));
  gtk_spin_button_set_range (self->size_button, minimum, 10485760);
  gtk_spin_button_set_value (self->size_button, MAX (minimum, 100.0));

  return self;
}

const char *
ferry_new_vault_dialog_get_region_id (FerryNewVaultDialog *self)
{
  g_return_val_if_fail (FERRY_IS_NEW_VAULT_DIALOG (self), NULL);
  return self->region_id;
}

const char *
ferry_new_vault_dialog_get_project_id (FerryNewVaultDialog *self)
{
  g_return_val_if_fail (FERRY_IS_NEW_VAULT_DIALOG (self), NULL);
  return self->project_id;
}

static void
create_vault_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  FerryVault *vault;

  vault = ferry_cbr_create_vault_finish (FERRY_CLIENT (object), result, &error);
  if (vault == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, vault, g_object_unref);
}

void
ferry_new_vault_dialog_create_async (FerryNewVaultDialog *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_NEW_VAULT_DIALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_new_vault_dialog_create_async);
  ferry_cbr_create_vault_async (self->client, self->region_id, self->project_id,
                                gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                (guint) gtk_spin_button_get_value_as_int (self->size_button),
                                cancellable, create_vault_cb, task);
}

FerryVault *
ferry_new_vault_dialog_create_finish (FerryNewVaultDialog  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (FERRY_IS_NEW_VAULT_DIALOG (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
