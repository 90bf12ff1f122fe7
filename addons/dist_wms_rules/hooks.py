def uninstall_hook(env):
    """The shipped-moves index on stock_move is the addon's own: leave no
    trace."""
    env.cr.execute("DROP INDEX IF EXISTS dist_stock_move_shipped_idx")
