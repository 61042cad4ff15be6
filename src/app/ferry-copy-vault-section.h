/* ferry-copy-vault-section.h: the copy dialog's CBR vault
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-cbr.h"
#include "ferry-copy-section.h"

G_BEGIN_DECLS

#define FERRY_TYPE_COPY_VAULT_SECTION (ferry_copy_vault_section_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyVaultSection, ferry_copy_vault_section, FERRY,
                      COPY_VAULT_SECTION, AdwPreferencesGroup)

/* A FerryCopySection, shown when a whole image with a CBR backup is among
 * the images (it needs a replication vault in its destination): the
 * vaults of the one destination and project chosen, from the session's
 * cache or CBR, each with why it cannot take the images; New Vault….
 * Its buttons are the dialog's copy.refresh-vaults and copy.new-vault. */

/* The chosen vault, when it may be chosen. */
FerryVault *ferry_copy_vault_section_get_vault      (FerryCopyVaultSection *self);
/* Loads the vaults of the destination again (@refresh: not from the
 * cache). */
void        ferry_copy_vault_section_load           (FerryCopyVaultSection *self,
                                                     gboolean               refresh);
/* Whether New Vault… can make one now: one destination and its project
 * chosen, none being made. */
gboolean    ferry_copy_vault_section_can_create     (FerryCopyVaultSection *self);
/* Asks for a new vault's name and size over @parent, then makes it and
 * chooses it. */
void        ferry_copy_vault_section_create         (FerryCopyVaultSection *self,
                                                     GtkWindow             *parent);

G_END_DECLS
