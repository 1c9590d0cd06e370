"""The portal's core library: the bottom layer, which every app may import and which imports
no app of the portal (README, "Architecture"). It holds what is shared by concept, once:
exports, form fields and the form-error helper, the change-history hook, the digest, the
role-required view mixin and the registries through which apps contribute panels to pages
without the page's app importing them."""
