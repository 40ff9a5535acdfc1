"""The shop code location: users, orders and daily sales."""
