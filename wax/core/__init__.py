"""The core: knows no particular primitive.

Data flows dtypes/avals -> primitive -> interpreters (bind) -> jaxpr; array.py is the
concrete Array, tree.py the pytrees. Allowed abbreviations across wax: aval (abstract
value), ct (cotangent), bdim (batch dimension), eqn (equation), xp (array namespace),
buf (device buffer), jvp/vjp.
"""
