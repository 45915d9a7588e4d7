"""Scripts that run the DfE validators in their own virtualenv (see lantern.returns.validation).

These files are executed by the validators' interpreter, never imported by Lantern: the
validators pin pandas < 2 and numpy < 1.25, which the product's own environment does not use.
"""
