from . import dist_approval_matrix_grid
