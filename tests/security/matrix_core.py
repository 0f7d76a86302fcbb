"""Permission matrix entries of core pages added for issue 20."""

# The sources page names the five public reports; it holds no partnership or citizen data.
PUBLIC = {"core:sources"}
